/** dhgitaly's version, reported by ServerInfo and `--version`. */
export const VERSION = "0.1.0";
