<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>HistoryPage</name>
    <message numerus="yes">
        <source>Imported %Ln plays from {format}: {matched} matched, {known} already known.</source>
        <translation>
            <numerusform>Imported %Ln play from {format}: {matched} matched, {known} already known.</numerusform>
            <numerusform>Imported %Ln plays from {format}: {matched} matched, {known} already known.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Excluded the session (%Ln plays); the taste model retrains.</source>
        <translation>
            <numerusform>Excluded the session (%Ln play); the taste model retrains.</numerusform>
            <numerusform>Excluded the session (%Ln plays); the taste model retrains.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Included the session (%Ln plays); the taste model retrains.</source>
        <translation>
            <numerusform>Included the session (%Ln play); the taste model retrains.</numerusform>
            <numerusform>Included the session (%Ln plays); the taste model retrains.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Excluded the play (%Ln plays); the taste model retrains.</source>
        <translation>
            <numerusform>Excluded the play (%Ln play); the taste model retrains.</numerusform>
            <numerusform>Excluded the play (%Ln plays); the taste model retrains.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Included the play (%Ln plays); the taste model retrains.</source>
        <translation>
            <numerusform>Included the play (%Ln play); the taste model retrains.</numerusform>
            <numerusform>Included the play (%Ln plays); the taste model retrains.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message numerus="yes">
        <source>&lt;br&gt;%Ln rows are not plays and will be skipped (below).</source>
        <translation>
            <numerusform>&lt;br&gt;%Ln row is not a play and will be skipped (below).</numerusform>
            <numerusform>&lt;br&gt;%Ln rows are not plays and will be skipped (below).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{artist}  (%Ln plays)</source>
        <translation>
            <numerusform>{artist}  (%Ln play)</numerusform>
            <numerusform>{artist}  (%Ln plays)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LibraryPage</name>
    <message numerus="yes">
        <source>{shown} of %Ln tracks</source>
        <translation>
            <numerusform>{shown} of %Ln track</numerusform>
            <numerusform>{shown} of %Ln tracks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln tracks</source>
        <translation>
            <numerusform>%Ln track</numerusform>
            <numerusform>%Ln tracks</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>No music found in {paths} (%n files could not be read). Add another folder.</source>
        <translation>
            <numerusform>No music found in {paths} (%n file could not be read). Add another folder.</numerusform>
            <numerusform>No music found in {paths} (%n files could not be read). Add another folder.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Found %Ln tracks. Analysing how they sound in the background…</source>
        <translation>
            <numerusform>Found %Ln track. Analysing how they sound in the background…</numerusform>
            <numerusform>Found %Ln tracks. Analysing how they sound in the background…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Found %Ln tracks.</source>
        <translation>
            <numerusform>Found %Ln track.</numerusform>
            <numerusform>Found %Ln tracks.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed {path} (%Ln tracks); your history is kept.</source>
        <translation>
            <numerusform>Removed {path} (%Ln track); your history is kept.</numerusform>
            <numerusform>Removed {path} (%Ln tracks); your history is kept.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Liked %n tracks.</source>
        <translation>
            <numerusform>Liked %n track.</numerusform>
            <numerusform>Liked %n tracks.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Disliked %n tracks.</source>
        <translation>
            <numerusform>Disliked %n track.</numerusform>
            <numerusform>Disliked %n tracks.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Banned %n tracks.</source>
        <translation>
            <numerusform>Banned %n track.</numerusform>
            <numerusform>Banned %n tracks.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln tracks to {path}.</source>
        <translation>
            <numerusform>Exported %Ln track to {path}.</numerusform>
            <numerusform>Exported %Ln tracks to {path}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MapPage</name>
    <message numerus="yes">
        <source>%Ln tracks · {source}. Hover to see a track, click to play it, use the lasso to make a playlist.</source>
        <translation>
            <numerusform>%Ln track · {source}. Hover to see a track, click to play it, use the lasso to make a playlist.</numerusform>
            <numerusform>%Ln tracks · {source}. Hover to see a track, click to play it, use the lasso to make a playlist.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Save %Ln as playlist</source>
        <translation>
            <numerusform>Save %Ln as playlist</numerusform>
            <numerusform>Save %Ln as playlist</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>From the map (%n tracks)</source>
        <translation>
            <numerusform>From the map (%n track)</numerusform>
            <numerusform>From the map (%n tracks)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MixCard</name>
    <message numerus="yes">
        <source>{title}: %Ln tracks</source>
        <translation>
            <numerusform>{title}: %Ln track</numerusform>
            <numerusform>{title}: %Ln tracks</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PlaylistsPage</name>
    <message numerus="yes">
        <source>%Ln tracks</source>
        <translation>
            <numerusform>%Ln track</numerusform>
            <numerusform>%Ln tracks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Added %Ln to “{name}”.</source>
        <translation>
            <numerusform>Added %Ln to “{name}”.</numerusform>
            <numerusform>Added %Ln to “{name}”.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported “{name}”: %Ln tracks</source>
        <translation>
            <numerusform>Imported “{name}”: %Ln track</numerusform>
            <numerusform>Imported “{name}”: %Ln tracks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{imported}, %Ln entries not in your library</source>
        <translation>
            <numerusform>{imported}, %Ln entry not in your library</numerusform>
            <numerusform>{imported}, %Ln entries not in your library</numerusform>
        </translation>
    </message>
</context>
</TS>
