<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>The details were written to {where}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The details could not be written to the log folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deep Cuts: unexpected error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong inside Deep Cuts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listening clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{day} {hour:02d}:00–{hour:02d}:59: {n:,} plays</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <source>Title</source>
        <extracomment>Role returning the raw value of a cell (numbers as numbers, ``None`` for unknown). Role returning the catalog id of the row&apos;s track.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Artist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Album</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Genre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last played</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BPM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why this track</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excluded from taste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Discover</name>
    <message>
        <source>Calm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Soft, slow and quiet tracks from your library.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Energetic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fast, loud and driving.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Focus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steady tracks that stay out of the way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Favourites and new finds from one corner of your taste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A corner of your library, grouped by sound and tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tracks you have hardly played that you will probably love.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily mix {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explore {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deep cuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lesser-played tracks of the artists you play most.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forgotten favourites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tracks and albums you loved once and have not played for a long time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explore everything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A tour across the whole library, from how each track sounds and its tags.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recently added tracks, best first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From your listening history and how %Ln tracks sound.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No listening history yet: these explore mixes come from how your music sounds and its tags. Import a history from Last.fm, ListenBrainz, Spotify or your old player to make them yours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> {analysed} of %Ln tracks analysed so far; mixes improve as it goes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> {analysed} of %Ln tracks analysed; {failed} could not be decoded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{lead}: {who} and more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{lead}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DiscoverPage</name>
    <message>
        <source>Discover</source>
        <extracomment>Emitted when the cards have been (re)built.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mixes made from your library and your taste.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking at your library…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a listening history…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>‹ All mixes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From tracks close to what you love to farther afield</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Familiar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adventurous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Radio: {seeds}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each next track close to the ones before, drifting gently.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Similar to {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Similar tracks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The closest tracks in sound and in your taste.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>M3U8 playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>XSPF playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PLS playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export playlist</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <source>(every track)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No plays yet: play some music, or import a history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{plays} plays · {share} in your library · {sessions} sessions · {first} to {last}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · {n} excluded from taste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What you played, liked and banned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import history…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last.fm, ListenBrainz, Spotify, iTunes, Rhythmbox, Strawberry, Clementine, or a Deep Cuts export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent plays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Likes and bans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Right-click a play to keep it, or its whole session, out of your taste (a party, a child at the keyboard). The play stays in your history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a listening history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Histories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a folder of history files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading history</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Imported %Ln plays from {format}: {matched} matched, {known} already known.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Importing history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Include this play in my taste again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exclude this play from my taste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Include this whole session again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exclude this whole session from my taste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in library</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Excluded the session (%Ln plays); the taste model retrains.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Included the session (%Ln plays); the taste model retrains.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Excluded the play (%Ln plays); the taste model retrains.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Included the play (%Ln plays); the taste model retrains.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Remove this like</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove this dislike</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove this ban</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <source>Import listening history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{path}&lt;/b&gt;&lt;br&gt;Format: {format}&lt;br&gt;{plays} plays: &lt;b&gt;{matched}&lt;/b&gt; match tracks in your library, {unmatched} do not (yet); they are kept and match when the music arrives.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{artist}  (%Ln plays)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Artists you listen to that are not in your library:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LibraryPage</name>
    <message>
        <source>Search title, artist, album, genre  (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the library…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tracks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Albums</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every track on your disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %Ln tracks</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln tracks</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Discover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now playing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playlists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Already in your library: {f}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adding {f} to your library…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{task} is already running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>No music found in {paths} (%n files could not be read). Add another folder.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>No music found in {paths}. Add another folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Found %Ln tracks. Analysing how they sound in the background…</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Found %Ln tracks.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Scanning failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanning</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Removed {path} (%Ln tracks); your history is kept.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Audio analysis is not available in this build.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analysing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The taste model is not available in this build.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your taste model is up to date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning your taste</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Liked %n tracks.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Disliked %n tracks.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Banned %n tracks.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>This track has no artist tag.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Banned {artist}: no more of them in discover lists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the playlist:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln tracks to {path}.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot save settings in {folder}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%Ln added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%Ln updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%Ln moved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%Ln missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%Ln back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%Ln unreadable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan cancelled; what was read so far is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan finished: nothing changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan finished: {parts}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analysis paused; it resumes where it stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analysis finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analysed %Ln tracks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{summary}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MapPage</name>
    <message>
        <source>Map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your library in two dimensions: close points sound alike.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The map appears once your music has been analysed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour by taste cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour by genre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lasso</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw around points to select them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save selection as playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drawing the map of your library…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The map could not be drawn.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sound and tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>taste model</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln tracks · {source}. Hover to see a track, click to play it, use the lasso to make a playlist.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Save %Ln as playlist</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>no genre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>group {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>From the map (%n tracks)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MixCard</name>
    <message>
        <source>Play this mix</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{title}: %Ln tracks</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NowPlayingPage</name>
    <message>
        <source>Now playing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The track playing now, why it is here, and what comes next.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing playing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>♥  Like</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dislike</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ban</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never suggest this track again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a mix on Discover or double-click a track.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From {mix}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From {mix}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Picked by Discover.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You started this from your library.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From one of your playlists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started from {where}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlayerBar</name>
    <message>
        <source>Nothing playing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play / pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Like this track</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dislike this track (plays less often)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlayerController</name>
    <message>
        <source>Track {id} is no longer in the library.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot play {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playback: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlaylistsPage</name>
    <message>
        <source>Playlists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lists you saved or imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No playlists yet. Save a Discover list, draw a lasso on the Map, use “Add to playlist” in the Library, or import a playlist file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import playlist file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln tracks</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Saved the playlist “{name}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Added %Ln to “{name}”.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Export playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a playlist file</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Imported “{name}”: %Ln tracks</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{imported}, %Ln entries not in your library</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>{text}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Progress</name>
    <message>
        <source>{task}: {state}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{task}: looking for music… %Ln files found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{task}: {done} / {total} {unit}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{task}: {done} {unit}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{rate}/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%Ln errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ETA {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>files</source>
        <extracomment>The units of ``describe`` (plural forms from the translations).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tracks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>plays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rows</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your music folders, analysis, look and data folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rescan all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Music folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removing a folder removes its tracks from the library; your play history is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one per core</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analyse new music and retrain in the background</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analyse now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrain taste model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Worker processes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To use another data folder, start Deep Cuts with --data-dir DIR or set DEEPCUTS_DATA_DIR.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write paths relative to the playlist file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playlist export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new language applies when Deep Cuts restarts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}  (not available)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a music folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatsPage</name>
    <message>
        <source>Stats</source>
        <extracomment>Emitted once the first chart has been drawn with data after a refresh. Emitted when every chart is drawn (the top albums and tracks may still be coming). Emitted when everything is filled, the top albums and tracks included.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A picture of your listening, from your play history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 4 weeks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>plays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hours heard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>artists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new artists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading your history…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plays per week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discoveries per month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip rate per month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top artists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top albums</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top tracks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{plays} plays from {first} to {last}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No plays in this period yet: play music or import a listening history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Week of {date}: {n} plays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{i}. {label}{by}   {n} plays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{month}: {n} new artists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{month}: {rate:.1f} % skipped ({n} plays)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the stats as a picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved the stats to {path}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TaskProgressWidget</name>
    <message>
        <source>{task}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{task}: cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrackMenu</name>
    <message>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start radio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show similar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Like</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dislike</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ban</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ban this artist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add to playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New playlist…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in file manager</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Values</name>
    <message>
        <source>complete</source>
        <extracomment>Words the history tables show as values (play outcomes, feedback kinds).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>partial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>like</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dislike</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ban</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>%Ln audio files</source>
        <extracomment>The proposal&apos;s count stops at this many audio files or after this many seconds: enough to tell that the folder holds music and roughly how much, without walking a network share.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more than %Ln audio files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome to Deep Cuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deep Cuts helps you rediscover the music already on your disk. Choose the folders that hold your music: Deep Cuts reads their tags, listens to each track to learn how it sounds, and builds discover playlists from your own taste. Nothing leaves this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan my music</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Music folders:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for music in {path}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a music folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add at least one folder that holds music.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your Music folder holds {count}. Keep it and press “Scan my music”, or select it and press Remove to choose other folders.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for music…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reasons</name>
    <message>
        <source>{a}, {b}</source>
        <extracomment>Every template, in the order registered.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{a} and {b}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{a}; {b}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{a} ({b})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{a}: {b}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{title}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you play {artist} a lot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you played {title} {times}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you liked {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you played {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an unknown artist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more {artist}, whom you play a lot; {likeness}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>something different: {who}; {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an artist you have never played</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off your usual path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>similar {traits} to {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>similar {traits}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{genre}, like {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{genre}, like it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>by the artist of {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sounds close to {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>close in sound and tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tempo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>energy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>timbre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exploring your library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exploring your library ({what})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no listening history yet: {exploring}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{bpm} BPM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>low energy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>medium energy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>high energy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{note} major</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{note} minor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bright</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>acoustic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} times</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a long time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} weeks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} years</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>two</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>three</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>four</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>five</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>six</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seven</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>eight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ten</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>eleven</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>twelve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an unknown date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>January {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>February {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>March {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>April {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>May {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>June {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>July {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>August {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>September {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>October {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>November {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>December {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never played</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>played once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>added {when}; {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{span} ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a new version of a song you played {times}; {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you have never played this one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you have played this one {times}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{this} from {album}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{artist} is one of your most played artists ({plays} plays); {this}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an album</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from {album}, an album you finished {times}, not played for {ago}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you liked it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you played it to the end {times}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you rated it highly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you played it {times}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{love}, last in {when}: not played for {ago}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{reason}; grouped with tracks that sound alike</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new to you in this mix; {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one of your favourites in this mix (played {times}, last {ago} ago)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>calm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>energetic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>focus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>happy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>melancholy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{mood} by its genre tag “{genre}” (not analysed yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>close to your seed {title} by {artist}; {likeness}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>follows {title} by {artist}: {likeness}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
