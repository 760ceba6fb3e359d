/// Element rates of generated screenplays.
///
/// The core numbers are the measured targets of the project's reference generator
/// (shared/tools/genscript.py, "MEASURED TARGETS": five public sample scripts, 166 pages pooled,
/// one page = 55 formatted lines with action wrapped at 60 columns, dialogue at 35 and
/// parentheticals at 25). The rates of the rarer elements are chosen low, in the range seen in
/// real drafts; they are not measured.
public enum Targets {
    public static let linesPerPage = 55
    public static let actionWidth = 60
    public static let dialogueWidth = 35
    public static let parentheticalWidth = 25
    public static let bytesPerPage = 1200

    // Measured.
    public static let scenesPerPage = 1.71
    public static let actionPerPage = 7.13
    public static let dialogueBlocksPerPage = 6.65
    public static let transitionsPerScene = 0.254
    public static let dialogueSceneShare = 0.595
    public static let parentheticalsPerBlock = 0.118
    public static let parentheticalFirstShare = 0.69
    public static let voiceOverShare = 0.082
    public static let offScreenShare = 0.010
    public static let continuedShare = 0.127
    public static let multilineActionShare = 0.014
    public static let multilineDialogueShare = 0.05

    /// Words per action paragraph (p10 4, p50 14, p90 31, max 63; mean about 16).
    static let actionWords: [(Double, Double)] = [
        (0, 2), (0.1, 4), (0.3, 9), (0.5, 14), (0.7, 19), (0.9, 31), (0.98, 46), (1, 63),
    ]
    /// Words per dialogue block (p10 2, p50 7, p90 27, max 155; mean about 11).
    static let dialogueWords: [(Double, Double)] = [
        (0, 1), (0.1, 2), (0.3, 4), (0.5, 7), (0.7, 12), (0.9, 27), (0.98, 50), (1, 155),
    ]
    /// Dialogue blocks in scenes that have dialogue (20 stands for 20 or more).
    static let blocksPerDialogueScene: [(Int, Int)] = [
        (1, 48), (2, 24), (3, 13), (4, 11), (5, 3), (6, 11), (7, 8), (8, 7), (9, 6), (10, 5), (11, 2),
        (12, 3), (13, 4), (14, 4), (15, 2), (16, 1), (17, 2), (18, 3), (19, 3), (20, 9),
    ]
    /// Distinct speakers in dialogue scenes with two or more blocks.
    static let speakersPerScene: [(Int, Int)] = [(1, 19), (2, 67), (3, 21), (4, 11), (5, 3)]
    /// Action paragraphs in scenes without dialogue.
    static let actionsWithoutDialogue: [(Int, Int)] = [(1, 66), (2, 25), (3, 13), (4, 6), (5, 3), (6, 2)]

    // Chosen (per scene, block or paragraph).
    static let sceneNumber = 0.12
    static let sceneNumberSuffix = 0.15
    static let forcedHeading = 0.02
    static let headingSynopsis = 0.04
    static let music = 0.10
    static let musicStop = 0.02
    static let shot = 0.06
    static let sfxForSound = 0.40
    static let pause = 0.006
    static let noteInlineAction = 0.02
    static let noteInlineDialogue = 0.01
    static let noteOwnLine = 0.03
    static let noteMultiline = 0.3
    static let boneyardBlock = 0.008
    static let boneyardInline = 0.004
    static let forcedAction = 0.012
    static let forcedTransition = 0.03
    static let dual = 0.008
    static let lyricsStandalone = 0.004
    static let lyricsDialogue = 0.004
    static let centered = 0.006
    static let emphasisDialogue = 0.05
    static let emphasisAction = 0.025
    static let emphasisNested = 0.15
    static let escape = 0.004
    static let twoSpaceLine = 0.25
    static let indentedAction = 0.006
    static let soundWord = 0.08
    static let style = 0.5
    static let actPageBreak = 0.5
}
