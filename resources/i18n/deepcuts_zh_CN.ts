<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlbumGrid</name>
    <message>
        <source>{artist} — {album} (%n tracks)</source>
        <translation>{artist} — {album}（%n 首曲目）</translation>
    </message>
</context>
<context>
    <name>Backend</name>
    <message>
        <source>the library is empty: add a music folder in Settings</source>
        <translation>曲库是空的：请在设置中添加音乐文件夹</translation>
    </message>
    <message>
        <source>that track is not in the library any more</source>
        <translation>这首曲目已不在曲库中</translation>
    </message>
    <message>
        <source>that track is not in the library now; its feedback stays</source>
        <translation>这首曲目已不在曲库中；它的反馈仍会保留</translation>
    </message>
    <message>
        <source>reading the file</source>
        <translation>正在读取文件</translation>
    </message>
    <message>
        <source>indexing the library</source>
        <translation>正在索引曲库</translation>
    </message>
    <message>
        <source>(no artist)</source>
        <translation>（无艺人）</translation>
    </message>
    <message>
        <source>import cancelled; nothing was written</source>
        <translation>导入已取消；没有写入任何内容</translation>
    </message>
    <message>
        <source>the library is empty</source>
        <translation>曲库是空的</translation>
    </message>
    <message>
        <source>the training process ended unexpectedly (exit code {code})</source>
        <translation>训练进程意外结束（退出码 {code}）</translation>
    </message>
    <message>
        <source>no saved playlist called {name}</source>
        <translation>没有名为 {name} 的已保存播放列表</translation>
    </message>
    <message>
        <source>{path}: none of its {n} entries is in your library</source>
        <translation>{path}：其中 {n} 个条目都不在曲库中</translation>
    </message>
    <message>
        <source>nothing to export: the list is empty</source>
        <translation>没有可导出的内容：列表是空的</translation>
    </message>
    <message>
        <source>play history is not available in this build</source>
        <translation>此版本不提供播放历史</translation>
    </message>
    <message>
        <source>track {id} is no longer in the library</source>
        <translation>曲目 {id} 已不在曲库中</translation>
    </message>
</context>
<context>
    <name>ChipRow</name>
    <message>
        <source>%1  ✕</source>
        <translation>%1  ✕</translation>
    </message>
    <message>
        <source>Understood as: %1. Click to leave it out.</source>
        <translation>理解为：%1。点击以去掉它。</translation>
    </message>
    <message>
        <source>Remove “%1”</source>
        <translation>移除“%1”</translation>
    </message>
    <message>
        <source>Not understood: %1</source>
        <translation>未能理解：%1</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <source>Title</source>
        <extracomment>Role returning the raw value of a cell (numbers as numbers, ``None`` for unknown). Role returning the catalog id of the row&apos;s track.</extracomment>
        <translation>标题</translation>
    </message>
    <message>
        <source>Artist</source>
        <translation>艺人</translation>
    </message>
    <message>
        <source>Album</source>
        <translation>专辑</translation>
    </message>
    <message>
        <source>Genre</source>
        <translation>流派</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Plays</source>
        <translation>播放数</translation>
    </message>
    <message>
        <source>Last played</source>
        <translation>上次播放</translation>
    </message>
    <message>
        <source>BPM</source>
        <translation>BPM</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>调性</translation>
    </message>
    <message>
        <source>Why this track</source>
        <translation>推荐理由</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Heard</source>
        <translation>收听时长</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Excluded from taste</source>
        <translation>不计入口味</translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation>反馈</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
</context>
<context>
    <name>DescribeBox</name>
    <message>
        <source>Describe what you want to hear</source>
        <translation>描述你想听的音乐</translation>
    </message>
    <message>
        <source>For example: calm piano for a rainy evening; fast 90s rock; something like Nick Drake but more upbeat; 安静的音乐</source>
        <translation>例如：雨夜里舒缓的钢琴；快节奏的 90 年代摇滚；像 Nick Drake 但更轻快的歌；安静的音乐</translation>
    </message>
    <message>
        <source>Make a list</source>
        <translation>生成列表</translation>
    </message>
</context>
<context>
    <name>Discover</name>
    <message>
        <source>Calm</source>
        <translation>舒缓</translation>
    </message>
    <message>
        <source>Soft, slow and quiet tracks from your library.</source>
        <translation>曲库中柔和、缓慢、安静的曲目。</translation>
    </message>
    <message>
        <source>Energetic</source>
        <translation>活力</translation>
    </message>
    <message>
        <source>Fast, loud and driving.</source>
        <translation>快速、响亮、有冲劲。</translation>
    </message>
    <message>
        <source>Focus</source>
        <translation>专注</translation>
    </message>
    <message>
        <source>Steady tracks that stay out of the way.</source>
        <translation>平稳、不打扰你的曲目。</translation>
    </message>
    <message>
        <source>Favourites and new finds from one corner of your taste</source>
        <translation>来自你口味一隅的最爱与新发现</translation>
    </message>
    <message>
        <source>A corner of your library, grouped by sound and tags</source>
        <translation>曲库的一角，按声音和标签归类</translation>
    </message>
    <message>
        <source>Discover</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>Tracks you have never played that you will probably love.</source>
        <translation>你从没听过、但很可能会喜欢的曲目。</translation>
    </message>
    <message>
        <source>Daily mix {n}</source>
        <translation>每日混音 {n}</translation>
    </message>
    <message>
        <source>Explore {n}</source>
        <translation>探索 {n}</translation>
    </message>
    <message>
        <source>Deep cuts</source>
        <translation>冷门佳作</translation>
    </message>
    <message>
        <source>The lesser-played tracks of the artists you play most.</source>
        <translation>你最常听的艺人中较少播放的曲目。</translation>
    </message>
    <message>
        <source>Forgotten favourites</source>
        <translation>遗忘的最爱</translation>
    </message>
    <message>
        <source>Tracks and albums you loved once and have not played for a long time.</source>
        <translation>你曾经喜爱、但很久没听的曲目和专辑。</translation>
    </message>
    <message>
        <source>Explore everything</source>
        <translation>探索全部</translation>
    </message>
    <message>
        <source>A tour across the whole library, from how each track sounds and its tags.</source>
        <translation>根据每首曲目的声音和标签，遍览整个曲库。</translation>
    </message>
    <message>
        <source>Fresh</source>
        <translation>新入库</translation>
    </message>
    <message>
        <source>Recently added tracks, best first.</source>
        <translation>最近添加的曲目，最合口味的在前。</translation>
    </message>
    <message>
        <source>From your listening history and how %Ln tracks sound.</source>
        <translation>依据你的收听历史和 %Ln 首曲目的声音。</translation>
    </message>
    <message>
        <source>No listening history yet: these explore mixes come from how your music sounds and its tags. Import a history from Last.fm, ListenBrainz, Spotify or your old player to make them yours.</source>
        <translation>还没有收听历史：这些探索混音来自音乐的声音和标签。从 Last.fm、ListenBrainz、Spotify 或你以前的播放器导入历史，让它们更懂你。</translation>
    </message>
    <message>
        <source> {analysed} of %Ln tracks analysed so far; mixes improve as it goes.</source>
        <translation>已分析 {analysed} / %Ln 首曲目；分析越多，混音越好。</translation>
    </message>
    <message>
        <source> {analysed} of %Ln tracks analysed; {failed} could not be decoded.</source>
        <translation>已分析 {analysed} / %Ln 首曲目；{failed} 首无法解码。</translation>
    </message>
    <message>
        <source>{lead}: {who} and more.</source>
        <translation>{lead}：{who} 等。</translation>
    </message>
    <message>
        <source>{lead}.</source>
        <translation>{lead}。</translation>
    </message>
</context>
<context>
    <name>DiscoverPage</name>
    <message>
        <source>Discover</source>
        <extracomment>Emitted when the cards have been (re)built.</extracomment>
        <translation>发现</translation>
    </message>
    <message>
        <source>Mixes made from your library and your taste.</source>
        <translation>根据你的曲库和口味生成的混音。</translation>
    </message>
    <message>
        <source>Looking at your library…</source>
        <translation>正在查看你的曲库…</translation>
    </message>
    <message>
        <source>Import a listening history…</source>
        <translation>导入收听历史…</translation>
    </message>
    <message>
        <source>‹ All mixes</source>
        <translation>‹ 全部混音</translation>
    </message>
    <message>
        <source>Play all</source>
        <translation>全部播放</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>From tracks close to what you love to farther afield</source>
        <translation>从与你喜爱相近的曲目，到更远的领域</translation>
    </message>
    <message>
        <source>Familiar</source>
        <translation>熟悉</translation>
    </message>
    <message>
        <source>Adventurous</source>
        <translation>冒险</translation>
    </message>
    <message>
        <source>Radio: {seeds}</source>
        <translation>电台：{seeds}</translation>
    </message>
    <message>
        <source>Each next track close to the ones before, drifting gently.</source>
        <translation>每首都与前几首相近，缓缓漂移。</translation>
    </message>
    <message>
        <source>Similar to {title}</source>
        <translation>与“{title}”相似</translation>
    </message>
    <message>
        <source>Similar tracks</source>
        <translation>相似曲目</translation>
    </message>
    <message>
        <source>The closest tracks in sound and in your taste.</source>
        <translation>在声音和口味上最接近的曲目。</translation>
    </message>
    <message>
        <source>Every part was removed: nothing left to go on.</source>
        <translation>所有条件都被移除了：没有可依据的内容。</translation>
    </message>
    <message>
        <source>M3U8 playlist</source>
        <translation>M3U8 播放列表</translation>
    </message>
    <message>
        <source>XSPF playlist</source>
        <translation>XSPF 播放列表</translation>
    </message>
    <message>
        <source>PLS playlist</source>
        <translation>PLS 播放列表</translation>
    </message>
    <message>
        <source>Export playlist</source>
        <translation>导出播放列表</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <source>The details were written to {where}.</source>
        <translation>详细信息已写入 {where}。</translation>
    </message>
    <message>
        <source>The details could not be written to the log folder.</source>
        <translation>无法将详细信息写入日志文件夹。</translation>
    </message>
    <message>
        <source>Something went wrong: {detail}</source>
        <translation>出错了：{detail}</translation>
    </message>
    <message>
        <source>Deep Cuts: unexpected error</source>
        <translation>Deep Cuts：意外错误</translation>
    </message>
    <message>
        <source>Something went wrong inside Deep Cuts.</source>
        <translation>Deep Cuts 内部出错了。</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <source>(every track)</source>
        <translation>（所有曲目）</translation>
    </message>
    <message>
        <source>No plays yet: play some music, or import a history.</source>
        <translation>还没有播放记录：播放一些音乐，或导入历史。</translation>
    </message>
    <message>
        <source>{plays} plays · {share} in your library · {sessions} sessions · {first} to {last}</source>
        <translation>{plays} 次播放 · {share} 在曲库中 · {sessions} 次会话 · {first} 至 {last}</translation>
    </message>
    <message>
        <source> · {n} excluded from taste</source>
        <translation> · {n} 次不计入口味</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>What you played, liked and banned.</source>
        <translation>你播放、喜欢和屏蔽过的内容。</translation>
    </message>
    <message>
        <source>Import history…</source>
        <translation>导入历史…</translation>
    </message>
    <message>
        <source>Last.fm (CSV exports and the account archive), ListenBrainz, Spotify, iTunes, Rhythmbox, Strawberry, Clementine, a Deep Cuts export, or any CSV whose columns name a time, an artist and a track</source>
        <translation>Last.fm（CSV 导出和账户存档）、ListenBrainz、Spotify、iTunes、Rhythmbox、Strawberry、Clementine、Deep Cuts 导出的文件，或任何列名包含时间、艺人和曲目的 CSV</translation>
    </message>
    <message>
        <source>Import folder…</source>
        <translation>导入文件夹…</translation>
    </message>
    <message>
        <source>Recent plays</source>
        <translation>最近播放</translation>
    </message>
    <message>
        <source>Likes and bans</source>
        <translation>喜欢与屏蔽</translation>
    </message>
    <message>
        <source>Right-click a play to keep it, or its whole session, out of your taste (a party, a child at the keyboard). The play stays in your history.</source>
        <translation>右键点击一条播放记录，可将它或整个会话排除在口味之外（比如聚会，或孩子乱点）。播放记录仍保留在历史中。</translation>
    </message>
    <message>
        <source>Import a listening history</source>
        <translation>导入收听历史</translation>
    </message>
    <message>
        <source>Histories</source>
        <translation>收听历史</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>所有文件</translation>
    </message>
    <message>
        <source>Import a folder of history files</source>
        <translation>导入历史文件所在的文件夹</translation>
    </message>
    <message>
        <source>Reading history</source>
        <translation>正在读取历史</translation>
    </message>
    <message numerus="yes">
        <source>Imported %Ln plays from {format}: {matched} matched, {known} already known.</source>
        <translation>
            <numerusform>已从 {format} 导入 %Ln 次播放：{matched} 次已匹配，{known} 次已存在。</numerusform>
        </translation>
    </message>
    <message>
        <source>Importing history</source>
        <translation>正在导入历史</translation>
    </message>
    <message>
        <source>Include this play in my taste again</source>
        <translation>重新将这次播放计入口味</translation>
    </message>
    <message>
        <source>Exclude this play from my taste</source>
        <translation>不将这次播放计入口味</translation>
    </message>
    <message>
        <source>Include this whole session again</source>
        <translation>重新将整个会话计入口味</translation>
    </message>
    <message>
        <source>Exclude this whole session from my taste</source>
        <translation>不将整个会话计入口味</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Show in library</source>
        <translation>在曲库中显示</translation>
    </message>
    <message numerus="yes">
        <source>Excluded the session (%Ln plays); the taste model retrains.</source>
        <translation>
            <numerusform>已排除该会话（%Ln 次播放）；口味模型将重新训练。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Included the session (%Ln plays); the taste model retrains.</source>
        <translation>
            <numerusform>已重新计入该会话（%Ln 次播放）；口味模型将重新训练。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Excluded the play (%Ln plays); the taste model retrains.</source>
        <translation>
            <numerusform>已排除这次播放（%Ln 次播放）；口味模型将重新训练。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Included the play (%Ln plays); the taste model retrains.</source>
        <translation>
            <numerusform>已重新计入这次播放（%Ln 次播放）；口味模型将重新训练。</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove this like</source>
        <translation>取消喜欢</translation>
    </message>
    <message>
        <source>Remove this dislike</source>
        <translation>取消不喜欢</translation>
    </message>
    <message>
        <source>Remove this ban</source>
        <translation>取消屏蔽</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Artist</source>
        <translation>艺人</translation>
    </message>
    <message>
        <source>Track</source>
        <translation>曲目</translation>
    </message>
    <message>
        <source>Album</source>
        <translation>专辑</translation>
    </message>
    <message>
        <source>Import listening history</source>
        <translation>导入收听历史</translation>
    </message>
    <message>
        <source>&lt;b&gt;{path}&lt;/b&gt;&lt;br&gt;Format: {format}&lt;br&gt;{plays} plays: &lt;b&gt;{matched}&lt;/b&gt; match tracks in your library, {unmatched} do not (yet); they are kept and match when the music arrives.</source>
        <translation>&lt;b&gt;{path}&lt;/b&gt;&lt;br&gt;格式：{format}&lt;br&gt;{plays} 次播放：&lt;b&gt;{matched}&lt;/b&gt; 次与曲库中的曲目匹配，{unmatched} 次（暂时）未匹配；它们会被保留，等音乐加入曲库后再匹配。</translation>
    </message>
    <message numerus="yes">
        <source>&lt;br&gt;%Ln rows are not plays and will be skipped (below).</source>
        <translation>
            <numerusform>&lt;br&gt;%Ln 行不是播放记录，将被跳过（见下方）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{artist}  (%Ln plays)</source>
        <translation>
            <numerusform>{artist}（%Ln 次播放）</numerusform>
        </translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Files:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Rows that are not plays (skipped, nothing else is lost):</source>
        <translation>不是播放记录的行（将被跳过，其他内容不会丢失）：</translation>
    </message>
    <message>
        <source>Artists you listen to that are not in your library:</source>
        <translation>你常听但不在曲库中的艺人：</translation>
    </message>
    <message>
        <source>%Ln plays</source>
        <translation>%Ln 次播放</translation>
    </message>
    <message>
        <source>{counts}, %Ln library counts</source>
        <translation>{counts}，%Ln 条曲库计数</translation>
    </message>
    <message>
        <source>{counts}, %Ln rows skipped</source>
        <translation>{counts}，跳过 %Ln 行</translation>
    </message>
    <message>
        <source>{file}: ignored ({reason})</source>
        <translation>{file}：已忽略（{reason}）</translation>
    </message>
    <message>
        <source>{count} × {reason} (lines or entries {where})</source>
        <translation>{count} × {reason}（行或条目 {where}）</translation>
    </message>
    <message>
        <source>Columns read from {file}</source>
        <translation>从 {file} 读取的列</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>column {n}</source>
        <translation>第 {n} 列</translation>
    </message>
    <message>
        <source>Read again with these columns</source>
        <translation>按这些列重新读取</translation>
    </message>
</context>
<context>
    <name>LibraryPage</name>
    <message>
        <source>Search title, artist, album, genre  (Ctrl+F)</source>
        <translation>搜索标题、艺人、专辑、流派（Ctrl+F）</translation>
    </message>
    <message>
        <source>Loading the library…</source>
        <translation>正在载入曲库…</translation>
    </message>
    <message>
        <source>Tracks</source>
        <translation>曲目</translation>
    </message>
    <message>
        <source>Albums</source>
        <translation>专辑</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>曲库</translation>
    </message>
    <message>
        <source>Every track on your disk.</source>
        <translation>你磁盘上的每一首曲目。</translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %Ln tracks</source>
        <translation>
            <numerusform>{shown} / %Ln 首曲目</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln tracks</source>
        <translation>
            <numerusform>%Ln 首曲目</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Discover</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>Now playing</source>
        <translation>正在播放</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>曲库</translation>
    </message>
    <message>
        <source>Playlists</source>
        <translation>播放列表</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Stats</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Already in your library: {f}</source>
        <translation>已在曲库中：{f}</translation>
    </message>
    <message>
        <source>Adding {f} to your library…</source>
        <translation>正在将 {f} 添加到曲库…</translation>
    </message>
    <message>
        <source>{task} is already running</source>
        <translation>{task}已在进行中</translation>
    </message>
    <message>
        <source>Scan cancelled.</source>
        <translation>扫描已取消。</translation>
    </message>
    <message numerus="yes">
        <source>No music found in {paths} (%n files could not be read). Add another folder.</source>
        <translation>
            <numerusform>在 {paths} 中没有找到音乐（%n 个文件无法读取）。请添加其他文件夹。</numerusform>
        </translation>
    </message>
    <message>
        <source>No music found in {paths}. Add another folder.</source>
        <translation>在 {paths} 中没有找到音乐。请添加其他文件夹。</translation>
    </message>
    <message numerus="yes">
        <source>Found %Ln tracks. Analysing how they sound in the background…</source>
        <translation>
            <numerusform>找到 %Ln 首曲目。正在后台分析它们的声音…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Found %Ln tracks.</source>
        <translation>
            <numerusform>找到 %Ln 首曲目。</numerusform>
        </translation>
    </message>
    <message>
        <source>Scanning failed: {error}</source>
        <translation>扫描失败：{error}</translation>
    </message>
    <message>
        <source>Scanning</source>
        <translation>扫描</translation>
    </message>
    <message numerus="yes">
        <source>Removed {path} (%Ln tracks); your history is kept.</source>
        <translation>
            <numerusform>已移除 {path}（%Ln 首曲目）；你的历史仍然保留。</numerusform>
        </translation>
    </message>
    <message>
        <source>Audio analysis is not available in this build.</source>
        <translation>此版本不提供音频分析。</translation>
    </message>
    <message>
        <source>Analysing</source>
        <translation>分析</translation>
    </message>
    <message>
        <source>The taste model is not available in this build.</source>
        <translation>此版本不提供口味模型。</translation>
    </message>
    <message>
        <source>Your taste model is up to date.</source>
        <translation>你的口味模型已是最新。</translation>
    </message>
    <message>
        <source>Learning your taste</source>
        <translation>学习你的口味</translation>
    </message>
    <message numerus="yes">
        <source>Liked %n tracks.</source>
        <translation>
            <numerusform>已喜欢 %n 首曲目。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Disliked %n tracks.</source>
        <translation>
            <numerusform>已将 %n 首曲目标为不喜欢。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Banned %n tracks.</source>
        <translation>
            <numerusform>已屏蔽 %n 首曲目。</numerusform>
        </translation>
    </message>
    <message>
        <source>This track has no artist tag.</source>
        <translation>这首曲目没有艺人标签。</translation>
    </message>
    <message>
        <source>Banned {artist}: no more of them in discover lists.</source>
        <translation>已屏蔽 {artist}：发现列表中不会再出现。</translation>
    </message>
    <message>
        <source>New playlist</source>
        <translation>新建播放列表</translation>
    </message>
    <message>
        <source>Name of the playlist:</source>
        <translation>播放列表名称：</translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln tracks to {path}.</source>
        <translation>
            <numerusform>已将 %Ln 首曲目导出到 {path}。</numerusform>
        </translation>
    </message>
    <message>
        <source>Wait until {what} has finished, then move the data folder.</source>
        <translation>请等待{what}完成后再移动数据文件夹。</translation>
    </message>
    <message>
        <source>Copied, but cannot record the new place: {e}</source>
        <translation>已复制，但无法记录新位置：{e}</translation>
    </message>
    <message>
        <source>Your data now lives in {new} ({n} files copied and verified). The old folder {old} is kept until you delete it in Settings.</source>
        <translation>你的数据现在位于 {new}（已复制并校验 {n} 个文件）。旧文件夹 {old} 会一直保留，直到你在设置中删除它。</translation>
    </message>
    <message>
        <source>Moving the data folder</source>
        <translation>移动数据文件夹</translation>
    </message>
    <message>
        <source>Cannot save settings in {folder}: {error}</source>
        <translation>无法在 {folder} 中保存设置：{error}</translation>
    </message>
    <message>
        <source>%Ln added</source>
        <translation>新增 %Ln</translation>
    </message>
    <message>
        <source>%Ln updated</source>
        <translation>更新 %Ln</translation>
    </message>
    <message>
        <source>%Ln moved</source>
        <translation>移动 %Ln</translation>
    </message>
    <message>
        <source>%Ln missing</source>
        <translation>缺失 %Ln</translation>
    </message>
    <message>
        <source>%Ln back</source>
        <translation>恢复 %Ln</translation>
    </message>
    <message>
        <source>%Ln unreadable</source>
        <translation>无法读取 %Ln</translation>
    </message>
    <message>
        <source>Scan cancelled; what was read so far is kept.</source>
        <translation>扫描已取消；已读取的内容会保留。</translation>
    </message>
    <message>
        <source>Scan finished: nothing changed.</source>
        <translation>扫描完成：没有变化。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>Scan finished: {parts}.</source>
        <translation>扫描完成：{parts}。</translation>
    </message>
    <message>
        <source>Analysis paused; it resumes where it stopped.</source>
        <translation>分析已暂停；下次会从中断处继续。</translation>
    </message>
    <message>
        <source>Analysis finished.</source>
        <translation>分析完成。</translation>
    </message>
    <message>
        <source>Analysed %Ln tracks</source>
        <translation>已分析 %Ln 首曲目</translation>
    </message>
    <message>
        <source>{analysed}; %Ln could not be decoded</source>
        <translation>{analysed}；%Ln 首无法解码</translation>
    </message>
    <message>
        <source>{summary}.</source>
        <translation>{summary}。</translation>
    </message>
</context>
<context>
    <name>MapPage</name>
    <message>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <source>Your library in two dimensions: close points sound alike.</source>
        <translation>二维呈现你的曲库：相近的点听起来相似。</translation>
    </message>
    <message>
        <source>The map appears once your music has been analysed.</source>
        <translation>音乐分析完成后将显示地图。</translation>
    </message>
    <message>
        <source>Colour by taste cluster</source>
        <translation>按口味群组着色</translation>
    </message>
    <message>
        <source>Colour by genre</source>
        <translation>按流派着色</translation>
    </message>
    <message>
        <source>Lasso</source>
        <translation>套索</translation>
    </message>
    <message>
        <source>Draw around points to select them</source>
        <translation>圈选点以选中它们</translation>
    </message>
    <message>
        <source>Save selection as playlist</source>
        <translation>将所选存为播放列表</translation>
    </message>
    <message>
        <source>Play selection</source>
        <translation>播放所选</translation>
    </message>
    <message>
        <source>Drawing the map of your library…</source>
        <translation>正在绘制曲库地图…</translation>
    </message>
    <message>
        <source>The map could not be drawn.</source>
        <translation>无法绘制地图。</translation>
    </message>
    <message>
        <source>sound and tags</source>
        <translation>声音和标签</translation>
    </message>
    <message>
        <source>taste model</source>
        <translation>口味模型</translation>
    </message>
    <message numerus="yes">
        <source>%Ln tracks · {source}. Hover to see a track, click to play it, use the lasso to make a playlist.</source>
        <translation>
            <numerusform>%Ln 首曲目 · {source}。悬停查看曲目，点击播放，用套索创建播放列表。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Save %Ln as playlist</source>
        <translation>
            <numerusform>将 %Ln 首存为播放列表</numerusform>
        </translation>
    </message>
    <message>
        <source>no genre</source>
        <translation>无流派</translation>
    </message>
    <message>
        <source>group {n}</source>
        <translation>第 {n} 组</translation>
    </message>
    <message numerus="yes">
        <source>From the map (%n tracks)</source>
        <translation>
            <numerusform>来自地图（%n 首）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MixCard</name>
    <message>
        <source>Play this mix</source>
        <translation>播放这个混音</translation>
    </message>
    <message numerus="yes">
        <source>{title}: %Ln tracks</source>
        <translation>
            <numerusform>{title}：%Ln 首曲目</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NowPlayingPage</name>
    <message>
        <source>Now playing</source>
        <translation>正在播放</translation>
    </message>
    <message>
        <source>The track playing now, why it is here, and what comes next.</source>
        <translation>正在播放的曲目、推荐理由，以及接下来的曲目。</translation>
    </message>
    <message>
        <source>Nothing playing</source>
        <translation>没有正在播放的曲目</translation>
    </message>
    <message>
        <source>♥  Like</source>
        <translation>♥  喜欢</translation>
    </message>
    <message>
        <source>Dislike</source>
        <translation>不喜欢</translation>
    </message>
    <message>
        <source>Ban</source>
        <translation>屏蔽</translation>
    </message>
    <message>
        <source>Never suggest this track again</source>
        <translation>不再推荐这首曲目</translation>
    </message>
    <message>
        <source>Up next</source>
        <translation>接下来</translation>
    </message>
    <message>
        <source>Pick a mix on Discover or double-click a track.</source>
        <translation>在“发现”中选一个混音，或双击一首曲目。</translation>
    </message>
    <message>
        <source>From {mix}: {reason}</source>
        <translation>来自{mix}：{reason}</translation>
    </message>
    <message>
        <source>From {mix}.</source>
        <translation>来自{mix}。</translation>
    </message>
    <message>
        <source>Picked by Discover.</source>
        <translation>由“发现”挑选。</translation>
    </message>
    <message>
        <source>You started this from your library.</source>
        <translation>你从曲库开始播放。</translation>
    </message>
    <message>
        <source>From one of your playlists.</source>
        <translation>来自你的播放列表。</translation>
    </message>
    <message>
        <source>Started from {where}.</source>
        <translation>从{where}开始播放。</translation>
    </message>
</context>
<context>
    <name>PlayerBar</name>
    <message>
        <source>Nothing playing</source>
        <translation>没有正在播放的曲目</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一首</translation>
    </message>
    <message>
        <source>Play / pause</source>
        <translation>播放 / 暂停</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一首</translation>
    </message>
    <message>
        <source>Like this track</source>
        <translation>喜欢这首曲目</translation>
    </message>
    <message>
        <source>Dislike this track (plays less often)</source>
        <translation>不喜欢这首曲目（减少播放）</translation>
    </message>
</context>
<context>
    <name>PlayerController</name>
    <message>
        <source>Track {id} is no longer in the library.</source>
        <translation>曲目 {id} 已不在曲库中。</translation>
    </message>
    <message>
        <source>Cannot play {path}</source>
        <translation>无法播放 {path}</translation>
    </message>
    <message>
        <source>Playback: {error}</source>
        <translation>播放：{error}</translation>
    </message>
</context>
<context>
    <name>PlaylistsPage</name>
    <message>
        <source>Playlists</source>
        <translation>播放列表</translation>
    </message>
    <message>
        <source>Lists you saved or imported.</source>
        <translation>你保存或导入的列表。</translation>
    </message>
    <message>
        <source>No playlists yet. Save a Discover list, draw a lasso on the Map, use “Add to playlist” in the Library, or import a playlist file.</source>
        <translation>还没有播放列表。可以保存“发现”中的列表、在“地图”上用套索圈选、在“曲库”中使用“添加到播放列表”，或导入播放列表文件。</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Import playlist file…</source>
        <translation>导入播放列表文件…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln tracks</source>
        <translation>
            <numerusform>%Ln 首曲目</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved the playlist “{name}”.</source>
        <translation>已保存播放列表“{name}”。</translation>
    </message>
    <message numerus="yes">
        <source>Added %Ln to “{name}”.</source>
        <translation>
            <numerusform>已将 %Ln 首添加到“{name}”。</numerusform>
        </translation>
    </message>
    <message>
        <source>Export playlist</source>
        <translation>导出播放列表</translation>
    </message>
    <message>
        <source>Import a playlist file</source>
        <translation>导入播放列表文件</translation>
    </message>
    <message numerus="yes">
        <source>Imported “{name}”: %Ln tracks</source>
        <translation>
            <numerusform>已导入“{name}”：%Ln 首曲目</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{imported}, %Ln entries not in your library</source>
        <translation>
            <numerusform>{imported}，%Ln 个条目不在曲库中</numerusform>
        </translation>
    </message>
    <message>
        <source>{text}.</source>
        <translation>{text}。</translation>
    </message>
</context>
<context>
    <name>Progress</name>
    <message>
        <source>{task}: {state}</source>
        <translation>{task}：{state}</translation>
    </message>
    <message>
        <source>{task}: looking for music… %Ln files found</source>
        <translation>{task}：正在查找音乐… 已找到 %Ln 个文件</translation>
    </message>
    <message>
        <source>{task}: {done} / {total} {unit}</source>
        <translation>{task}：{done} / {total} {unit}</translation>
    </message>
    <message>
        <source>{task}: {done} {unit}</source>
        <translation>{task}：{done} {unit}</translation>
    </message>
    <message>
        <source>{rate}/s</source>
        <translation>{rate}/秒</translation>
    </message>
    <message>
        <source>%Ln errors</source>
        <translation>%Ln 个错误</translation>
    </message>
    <message>
        <source>ETA {time}</source>
        <translation>剩余 {time}</translation>
    </message>
    <message>
        <source>files</source>
        <extracomment>The units of ``describe`` (plural forms from the translations).</extracomment>
        <translation>个文件</translation>
    </message>
    <message>
        <source>tracks</source>
        <translation>首曲目</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>步</translation>
    </message>
    <message>
        <source>plays</source>
        <translation>次播放</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>行</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Automatic (recommended)</source>
        <extracomment>The &quot;Legacy tag encoding&quot; choices: (setting value, label).</extracomment>
        <translation>自动（推荐）</translation>
    </message>
    <message>
        <source>Off: read as Latin-1</source>
        <translation>关闭：按 Latin-1 读取</translation>
    </message>
    <message>
        <source>Chinese, simplified (GBK)</source>
        <translation>简体中文（GBK）</translation>
    </message>
    <message>
        <source>Chinese, traditional (Big5)</source>
        <translation>繁体中文（Big5）</translation>
    </message>
    <message>
        <source>Japanese (Shift-JIS)</source>
        <translation>日文（Shift-JIS）</translation>
    </message>
    <message>
        <source>Korean (EUC-KR)</source>
        <translation>韩文（EUC-KR）</translation>
    </message>
    <message>
        <source>Cyrillic (Windows-1251)</source>
        <translation>西里尔文（Windows-1251）</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Your music folders, analysis, look and data folder.</source>
        <translation>音乐文件夹、分析、外观和数据文件夹。</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Rescan all</source>
        <translation>全部重新扫描</translation>
    </message>
    <message>
        <source>Music folders</source>
        <translation>音乐文件夹</translation>
    </message>
    <message>
        <source>Removing a folder removes its tracks from the library; your play history is kept.</source>
        <translation>移除文件夹会将其中的曲目从曲库中移除；你的播放历史会保留。</translation>
    </message>
    <message>
        <source>Legacy tag encoding:</source>
        <translation>旧式标签编码：</translation>
    </message>
    <message>
        <source>Old rippers stored Chinese, Japanese, Korean or Russian tags in their own code page; Automatic repairs them when the result is clearly right. Changing this re-reads the affected files.</source>
        <translation>旧的抓轨软件会用各自的代码页保存中文、日文、韩文或俄文标签；“自动”会在结果明显正确时修复它们。更改此项会重新读取受影响的文件。</translation>
    </message>
    <message>
        <source>one per core</source>
        <translation>每个核心一个</translation>
    </message>
    <message>
        <source>Analyse new music and retrain in the background</source>
        <translation>在后台分析新音乐并重新训练</translation>
    </message>
    <message>
        <source>Analyse now</source>
        <translation>立即分析</translation>
    </message>
    <message>
        <source>Retrain taste model</source>
        <translation>重新训练口味模型</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>分析</translation>
    </message>
    <message>
        <source>Worker processes:</source>
        <translation>工作进程数：</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Move…</source>
        <translation>移动…</translation>
    </message>
    <message>
        <source>Copy your data to another folder, check the copy, and use it from now on</source>
        <translation>将数据复制到另一个文件夹，校验副本，并从此使用它</translation>
    </message>
    <message>
        <source>Moving copies everything, checks the copy and then uses it; the old folder is kept until you delete it. --data-dir DIR or DEEPCUTS_DATA_DIR still choose another folder for one start.</source>
        <translation>移动会复制全部数据、校验副本，然后启用它；旧文件夹会保留，直到你删除它。--data-dir DIR 或 DEEPCUTS_DATA_DIR 仍可为单次启动指定其他文件夹。</translation>
    </message>
    <message>
        <source>Delete the old folder…</source>
        <translation>删除旧文件夹…</translation>
    </message>
    <message>
        <source>Write paths relative to the playlist file</source>
        <translation>写入相对于播放列表文件的路径</translation>
    </message>
    <message>
        <source>Playlist export</source>
        <translation>播放列表导出</translation>
    </message>
    <message>
        <source>Default format:</source>
        <translation>默认格式：</translation>
    </message>
    <message>
        <source>Follow the desktop</source>
        <translation>跟随桌面</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>主题：</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>A new language applies when Deep Cuts restarts.</source>
        <translation>新的语言将在 Deep Cuts 重新启动后生效。</translation>
    </message>
    <message>
        <source>Move your data to…</source>
        <translation>将数据移动到…</translation>
    </message>
    <message>
        <source>Delete the old data folder</source>
        <translation>删除旧数据文件夹</translation>
    </message>
    <message>
        <source>Delete {old}? Your data is safe in {new}.</source>
        <translation>删除 {old}？你的数据已安全保存在 {new}。</translation>
    </message>
    <message>
        <source>Deleted {old}.</source>
        <translation>已删除 {old}。</translation>
    </message>
    <message>
        <source>Your previous data folder is still at {old}.</source>
        <translation>你之前的数据文件夹仍在 {old}。</translation>
    </message>
    <message>
        <source>{path}  (not available)</source>
        <translation>{path}（不可用）</translation>
    </message>
    <message>
        <source>Add a music folder</source>
        <translation>添加音乐文件夹</translation>
    </message>
    <message>
        <source>Could not change the tag encoding: {error}</source>
        <translation>无法更改标签编码：{error}</translation>
    </message>
</context>
<context>
    <name>StatsPage</name>
    <message>
        <source>Listening clock</source>
        <translation>收听时钟</translation>
    </message>
    <message>
        <source>{day} {hour:02d}:00–{hour:02d}:59: {n:,} plays</source>
        <translation>{day} {hour:02d}:00–{hour:02d}:59：{n:,} 次播放</translation>
    </message>
    <message>
        <source>Stats</source>
        <extracomment>Emitted once the first chart has been drawn with data after a refresh. Emitted when every chart is drawn (the top albums and tracks may still be coming). Emitted when everything is filled, the top albums and tracks included.</extracomment>
        <translation>统计</translation>
    </message>
    <message>
        <source>A picture of your listening, from your play history.</source>
        <translation>根据播放历史描绘你的收听情况。</translation>
    </message>
    <message>
        <source>Last 4 weeks</source>
        <translation>最近 4 周</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>最近 12 个月</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>今年</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>plays</source>
        <translation>次播放</translation>
    </message>
    <message>
        <source>hours heard</source>
        <translation>小时收听</translation>
    </message>
    <message>
        <source>artists</source>
        <translation>位艺人</translation>
    </message>
    <message>
        <source>new artists</source>
        <translation>位新艺人</translation>
    </message>
    <message>
        <source>Reading your history…</source>
        <translation>正在读取你的历史…</translation>
    </message>
    <message>
        <source>Plays per week</source>
        <translation>每周播放</translation>
    </message>
    <message>
        <source>Discoveries per month</source>
        <translation>每月新发现</translation>
    </message>
    <message>
        <source>Skip rate per month</source>
        <translation>每月跳过率</translation>
    </message>
    <message>
        <source>Top artists</source>
        <translation>热门艺人</translation>
    </message>
    <message>
        <source>Top albums</source>
        <translation>热门专辑</translation>
    </message>
    <message>
        <source>Top tracks</source>
        <translation>热门曲目</translation>
    </message>
    <message>
        <source>{plays} plays from {first} to {last}.</source>
        <translation>{first} 至 {last} 共 {plays} 次播放。</translation>
    </message>
    <message>
        <source>No plays in this period yet: play music or import a listening history.</source>
        <translation>这段时间还没有播放记录：播放音乐或导入收听历史。</translation>
    </message>
    <message>
        <source>Week of {date}: {n} plays</source>
        <translation>{date} 当周：{n} 次播放</translation>
    </message>
    <message>
        <source>{i}. {label}{by}   {n} plays</source>
        <translation>{i}. {label}{by}   {n} 次播放</translation>
    </message>
    <message>
        <source>{month}: {n} new artists</source>
        <translation>{month}：{n} 位新艺人</translation>
    </message>
    <message>
        <source>{month}: {rate:.1f} % skipped ({n} plays)</source>
        <translation>{month}：跳过 {rate:.1f}%（{n} 次播放）</translation>
    </message>
    <message>
        <source>Cannot write {path}</source>
        <translation>无法写入 {path}</translation>
    </message>
    <message>
        <source>Export the stats as a picture</source>
        <translation>将统计导出为图片</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Saved the stats to {path}.</source>
        <translation>统计已保存到 {path}。</translation>
    </message>
</context>
<context>
    <name>TaskProgressWidget</name>
    <message>
        <source>{task}…</source>
        <translation>{task}…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>{task}: cancelling…</source>
        <translation>{task}：正在取消…</translation>
    </message>
</context>
<context>
    <name>TrackMenu</name>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Play next</source>
        <translation>下一首播放</translation>
    </message>
    <message>
        <source>Start radio</source>
        <translation>开始电台</translation>
    </message>
    <message>
        <source>Show similar</source>
        <translation>显示相似曲目</translation>
    </message>
    <message>
        <source>Like</source>
        <translation>喜欢</translation>
    </message>
    <message>
        <source>Dislike</source>
        <translation>不喜欢</translation>
    </message>
    <message>
        <source>Ban</source>
        <translation>屏蔽</translation>
    </message>
    <message>
        <source>Ban this artist</source>
        <translation>屏蔽此艺人</translation>
    </message>
    <message>
        <source>Add to playlist</source>
        <translation>添加到播放列表</translation>
    </message>
    <message>
        <source>New playlist…</source>
        <translation>新建播放列表…</translation>
    </message>
    <message>
        <source>Show in file manager</source>
        <translation>在文件管理器中显示</translation>
    </message>
</context>
<context>
    <name>Values</name>
    <message>
        <source>complete</source>
        <extracomment>Words the history tables show as values (play outcomes, feedback kinds).</extracomment>
        <translation>完整</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>partial</source>
        <translation>部分</translation>
    </message>
    <message>
        <source>like</source>
        <translation>喜欢</translation>
    </message>
    <message>
        <source>dislike</source>
        <translation>不喜欢</translation>
    </message>
    <message>
        <source>ban</source>
        <translation>屏蔽</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>%Ln audio files</source>
        <translation>%Ln 个音频文件</translation>
    </message>
    <message>
        <source>more than %Ln audio files</source>
        <extracomment>The proposal&apos;s count stops at this many audio files or after this many seconds: enough to tell that the folder holds music and roughly how much, without walking a network share.</extracomment>
        <translation>超过 %Ln 个音频文件</translation>
    </message>
    <message>
        <source>%Ln audio file</source>
        <translation>%Ln 个音频文件</translation>
    </message>
    <message>
        <source>Welcome to Deep Cuts</source>
        <translation>欢迎使用 Deep Cuts</translation>
    </message>
    <message>
        <source>Deep Cuts helps you rediscover the music already on your disk. Choose the folders that hold your music: Deep Cuts reads their tags, listens to each track to learn how it sounds, and builds discover playlists from your own taste. Nothing leaves this computer.</source>
        <translation>Deep Cuts 帮你重新发现磁盘上已有的音乐。选择存放音乐的文件夹：Deep Cuts 会读取标签、聆听每首曲目以了解它的声音，并根据你自己的口味生成发现播放列表。所有数据都不会离开这台电脑。</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Scan my music</source>
        <translation>扫描我的音乐</translation>
    </message>
    <message>
        <source>Music folders:</source>
        <translation>音乐文件夹：</translation>
    </message>
    <message>
        <source>Looking for music in {path}…</source>
        <translation>正在 {path} 中查找音乐…</translation>
    </message>
    <message>
        <source>Choose a music folder</source>
        <translation>选择音乐文件夹</translation>
    </message>
    <message>
        <source>Add at least one folder that holds music.</source>
        <translation>请至少添加一个存放音乐的文件夹。</translation>
    </message>
    <message>
        <source>Your Music folder holds {count}. Keep it and press “Scan my music”, or select it and press Remove to choose other folders.</source>
        <translation>你的“音乐”文件夹中有 {count}。保留它并点击“扫描我的音乐”，或选中它并点击“移除”以选择其他文件夹。</translation>
    </message>
    <message>
        <source>Looking for music…</source>
        <translation>正在查找音乐…</translation>
    </message>
</context>
<context>
    <name>i18n</name>
    <message>
        <source>MMM d</source>
        <extracomment>Settings choices: ``system`` follows QLocale.system(); the others name a translation. The translations shipped (``resources/i18n/deepcuts_&lt;name&gt;.qm``); English is the source language, its file only holds the plural forms (&quot;1 track&quot;, &quot;2 tracks&quot;).</extracomment>
        <translation>M月d日</translation>
    </message>
</context>
<context>
    <name>reasons</name>
    <message>
        <source>{a}, {b}</source>
        <extracomment>Every template, in the order registered.</extracomment>
        <translation>{a}，{b}</translation>
    </message>
    <message>
        <source>{a} and {b}</source>
        <translation>{a}和{b}</translation>
    </message>
    <message>
        <source>{a}; {b}</source>
        <translation>{a}；{b}</translation>
    </message>
    <message>
        <source>{a} ({b})</source>
        <translation>{a}（{b}）</translation>
    </message>
    <message>
        <source>{a}: {b}</source>
        <translation>{a}：{b}</translation>
    </message>
    <message>
        <source>“{title}”</source>
        <translation>《{title}》</translation>
    </message>
    <message>
        <source>you play {artist} a lot</source>
        <translation>你常听{artist}</translation>
    </message>
    <message>
        <source>you played {title} {times}</source>
        <translation>你播放过{title}{times}</translation>
    </message>
    <message>
        <source>you liked {title}</source>
        <translation>你喜欢{title}</translation>
    </message>
    <message>
        <source>you played {title}</source>
        <translation>你播放过{title}</translation>
    </message>
    <message>
        <source>an unknown artist</source>
        <translation>未知艺人</translation>
    </message>
    <message>
        <source>more {artist}, whom you play a lot; {likeness}</source>
        <translation>更多你常听的{artist}；{likeness}</translation>
    </message>
    <message>
        <source>more {artist}, whom you play a lot</source>
        <translation>更多你常听的{artist}</translation>
    </message>
    <message>
        <source>something different: {who}; {detail}</source>
        <translation>换换口味：{who}；{detail}</translation>
    </message>
    <message>
        <source>an artist you have never played</source>
        <translation>你从未听过的艺人</translation>
    </message>
    <message>
        <source>off your usual path</source>
        <translation>不同于你平常听的</translation>
    </message>
    <message>
        <source>similar {traits} to {title}</source>
        <translation>{traits}与{title}相近</translation>
    </message>
    <message>
        <source>similar {traits}</source>
        <translation>{traits}相近</translation>
    </message>
    <message>
        <source>{genre}, like {title}</source>
        <translation>{genre}，和{title}一样</translation>
    </message>
    <message>
        <source>{genre}, like it</source>
        <translation>{genre}，和它一样</translation>
    </message>
    <message>
        <source>by the artist of {title}</source>
        <translation>与{title}同一位艺人</translation>
    </message>
    <message>
        <source>sounds close to {title}</source>
        <translation>听起来与{title}相近</translation>
    </message>
    <message>
        <source>close in sound and tags</source>
        <translation>声音和标签相近</translation>
    </message>
    <message>
        <source>near {title} in your listening and tags</source>
        <translation>在你的聆听和标签里与{title}相近</translation>
    </message>
    <message>
        <source>close in your listening and tags</source>
        <translation>在聆听和标签上相近</translation>
    </message>
    <message>
        <source>tempo</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>energy</source>
        <translation>能量</translation>
    </message>
    <message>
        <source>key</source>
        <translation>调性</translation>
    </message>
    <message>
        <source>timbre</source>
        <translation>音色</translation>
    </message>
    <message>
        <source>exploring your library</source>
        <translation>探索你的曲库</translation>
    </message>
    <message>
        <source>exploring your library ({what})</source>
        <translation>探索你的曲库（{what}）</translation>
    </message>
    <message>
        <source>no listening history yet: {exploring}</source>
        <translation>还没有收听历史：{exploring}</translation>
    </message>
    <message>
        <source>{bpm} BPM</source>
        <translation>{bpm} BPM</translation>
    </message>
    <message>
        <source>low energy</source>
        <translation>低能量</translation>
    </message>
    <message>
        <source>medium energy</source>
        <translation>中等能量</translation>
    </message>
    <message>
        <source>high energy</source>
        <translation>高能量</translation>
    </message>
    <message>
        <source>{note} major</source>
        <translation>{note} 大调</translation>
    </message>
    <message>
        <source>{note} minor</source>
        <translation>{note} 小调</translation>
    </message>
    <message>
        <source>bright</source>
        <translation>明亮</translation>
    </message>
    <message>
        <source>dark</source>
        <translation>暗沉</translation>
    </message>
    <message>
        <source>acoustic</source>
        <translation>原声</translation>
    </message>
    <message>
        <source>once</source>
        <translation>一次</translation>
    </message>
    <message>
        <source>twice</source>
        <translation>两次</translation>
    </message>
    <message>
        <source>{count} times</source>
        <translation>{count} 次</translation>
    </message>
    <message>
        <source>a long time</source>
        <translation>很久</translation>
    </message>
    <message>
        <source>today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>{n} day</source>
        <translation>{n}天</translation>
    </message>
    <message>
        <source>{n} days</source>
        <translation>{n}天</translation>
    </message>
    <message>
        <source>{n} week</source>
        <translation>{n}周</translation>
    </message>
    <message>
        <source>{n} weeks</source>
        <translation>{n}周</translation>
    </message>
    <message>
        <source>{n} month</source>
        <translation>{n}个月</translation>
    </message>
    <message>
        <source>{n} months</source>
        <translation>{n}个月</translation>
    </message>
    <message>
        <source>{n} year</source>
        <translation>{n}年</translation>
    </message>
    <message>
        <source>{n} years</source>
        <translation>{n}年</translation>
    </message>
    <message>
        <source>no</source>
        <translation>零</translation>
    </message>
    <message>
        <source>one</source>
        <translation>一</translation>
    </message>
    <message>
        <source>two</source>
        <translation>两</translation>
    </message>
    <message>
        <source>three</source>
        <translation>三</translation>
    </message>
    <message>
        <source>four</source>
        <translation>四</translation>
    </message>
    <message>
        <source>five</source>
        <translation>五</translation>
    </message>
    <message>
        <source>six</source>
        <translation>六</translation>
    </message>
    <message>
        <source>seven</source>
        <translation>七</translation>
    </message>
    <message>
        <source>eight</source>
        <translation>八</translation>
    </message>
    <message>
        <source>nine</source>
        <translation>九</translation>
    </message>
    <message>
        <source>ten</source>
        <translation>十</translation>
    </message>
    <message>
        <source>eleven</source>
        <translation>十一</translation>
    </message>
    <message>
        <source>twelve</source>
        <translation>十二</translation>
    </message>
    <message>
        <source>an unknown date</source>
        <translation>未知日期</translation>
    </message>
    <message>
        <source>January {year}</source>
        <translation>{year}年1月</translation>
    </message>
    <message>
        <source>February {year}</source>
        <translation>{year}年2月</translation>
    </message>
    <message>
        <source>March {year}</source>
        <translation>{year}年3月</translation>
    </message>
    <message>
        <source>April {year}</source>
        <translation>{year}年4月</translation>
    </message>
    <message>
        <source>May {year}</source>
        <translation>{year}年5月</translation>
    </message>
    <message>
        <source>June {year}</source>
        <translation>{year}年6月</translation>
    </message>
    <message>
        <source>July {year}</source>
        <translation>{year}年7月</translation>
    </message>
    <message>
        <source>August {year}</source>
        <translation>{year}年8月</translation>
    </message>
    <message>
        <source>September {year}</source>
        <translation>{year}年9月</translation>
    </message>
    <message>
        <source>October {year}</source>
        <translation>{year}年10月</translation>
    </message>
    <message>
        <source>November {year}</source>
        <translation>{year}年11月</translation>
    </message>
    <message>
        <source>December {year}</source>
        <translation>{year}年12月</translation>
    </message>
    <message>
        <source>never played</source>
        <translation>从未播放</translation>
    </message>
    <message>
        <source>played once</source>
        <translation>播放过一次</translation>
    </message>
    <message>
        <source>added {when}; {reason}</source>
        <translation>{when}添加；{reason}</translation>
    </message>
    <message>
        <source>{span} ago</source>
        <translation>{span}前</translation>
    </message>
    <message>
        <source>a new version of a song you played {times}; {reason}</source>
        <translation>你播放过{times}的歌曲的新版本；{reason}</translation>
    </message>
    <message>
        <source>you have never played this one</source>
        <translation>你从未播放过这首</translation>
    </message>
    <message>
        <source>you have played this one {times}</source>
        <translation>这首你播放过{times}</translation>
    </message>
    <message>
        <source>{this} from {album}</source>
        <translation>{this}，出自《{album}》</translation>
    </message>
    <message>
        <source>{artist} is one of your most played artists ({plays} plays); {this}</source>
        <translation>{artist}是你最常听的艺人之一（{plays} 次播放）；{this}</translation>
    </message>
    <message>
        <source>an album</source>
        <translation>某张专辑</translation>
    </message>
    <message>
        <source>from {album}, an album you finished {times}, not played for {ago}</source>
        <translation>出自《{album}》，这张专辑你完整听过{times}，已有{ago}没听</translation>
    </message>
    <message>
        <source>you liked it</source>
        <translation>你喜欢它</translation>
    </message>
    <message>
        <source>you played it to the end {times}</source>
        <translation>你完整播放过{times}</translation>
    </message>
    <message>
        <source>you rated it highly</source>
        <translation>你给了它高分</translation>
    </message>
    <message>
        <source>you played it {times}</source>
        <translation>你播放过{times}</translation>
    </message>
    <message>
        <source>{love}, last in {when}: not played for {ago}</source>
        <translation>{love}，最后一次在{when}：已有{ago}没听</translation>
    </message>
    <message>
        <source>{reason}; grouped with tracks that sound alike</source>
        <translation>{reason}；与听起来相似的曲目归为一组</translation>
    </message>
    <message>
        <source>new to you in this mix; {reason}</source>
        <translation>此混音中的新曲目；{reason}</translation>
    </message>
    <message>
        <source>one of your favourites in this mix (played {times}, last {ago} ago)</source>
        <translation>此混音中你的最爱之一（播放过{times}，上次在{ago}前）</translation>
    </message>
    <message>
        <source>one you know in this mix (played {times}, last {ago} ago)</source>
        <extracomment>a song of the mix&apos;s part of the person&apos;s listening played once or twice: not a favourite</extracomment>
        <translation>此混音中你听过的歌（播放过{times}，上次在{ago}前）</translation>
    </message>
    <message>
        <source>calm</source>
        <translation>舒缓</translation>
    </message>
    <message>
        <source>energetic</source>
        <translation>活力</translation>
    </message>
    <message>
        <source>focus</source>
        <translation>专注</translation>
    </message>
    <message>
        <source>happy</source>
        <translation>欢快</translation>
    </message>
    <message>
        <source>melancholy</source>
        <translation>忧郁</translation>
    </message>
    <message>
        <source>{mood} by its genre tag “{genre}” (not analysed yet)</source>
        <translation>按流派标签“{genre}”归为{mood}（尚未分析）</translation>
    </message>
    <message>
        <source>close to your seed {title} by {artist}: {likeness}</source>
        <translation>接近你选的种子曲目：{artist}的{title}，{likeness}</translation>
    </message>
    <message>
        <source>follows {title} by {artist}: {likeness}</source>
        <translation>接在{artist}的{title}之后：{likeness}</translation>
    </message>
    <message>
        <source>near {title}, {back} tracks back: {likeness}</source>
        <extracomment>the closest of the last three is not the track just before ({back}: 2 or 3)</extracomment>
        <translation>接近{back}首之前的{title}：{likeness}</translation>
    </message>
    <message>
        <source>more {artist} after {title}</source>
        <translation>{title}之后，再来点{artist}</translation>
    </message>
    <message>
        <source>more {artist} after {title}: you often play several of their songs in a row</source>
        <translation>{title}之后，再来点{artist}：你常连着听好几首他们的歌</translation>
    </message>
    <message>
        <source>energy {value}</source>
        <translation>能量 {value}</translation>
    </message>
    <message>
        <source>{scale} {value}</source>
        <translation>{scale} {value}</translation>
    </message>
    <message>
        <source>brightness</source>
        <translation>明亮度</translation>
    </message>
    <message>
        <source>acousticness</source>
        <translation>原声度</translation>
    </message>
    <message>
        <source>loudness</source>
        <translation>响度</translation>
    </message>
    <message>
        <source>{name} (tagged “{tag}”)</source>
        <translation>{name}（标签为“{tag}”）</translation>
    </message>
    <message>
        <source>by {artist}</source>
        <translation>{artist}的作品</translation>
    </message>
    <message>
        <source>from {year}</source>
        <translation>{year}年</translation>
    </message>
    <message>
        <source>like {name}: by {artist} too; {likeness}</source>
        <translation>像{name}：同样出自{artist}；{likeness}</translation>
    </message>
    <message>
        <source>like {name}: {likeness}</source>
        <translation>像{name}：{likeness}</translation>
    </message>
    <message>
        <source>one of your favourites (played {count} times)</source>
        <translation>你的最爱之一（播放过 {count} 次）</translation>
    </message>
    <message>
        <source>not played for {span}</source>
        <translation>已有{span}没听</translation>
    </message>
    <message>
        <source>close to your taste</source>
        <translation>贴近你的口味</translation>
    </message>
    <message>
        <source>fits the description</source>
        <translation>符合描述</translation>
    </message>
</context>
</TS>
