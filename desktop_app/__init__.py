"""The two faces of Deep Cuts: the Qt window and the command line. Only this package imports Qt."""
