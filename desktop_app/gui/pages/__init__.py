"""The pages of the main window, one module each: welcome, discover, library, playlists, history,
map, settings."""
