/**
 * Files an operating system drops into folders a person opens (macOS Finder, Windows Explorer); they belong to
 * nobody's data, so the checks of what a folder holds pass over them.
 */
export const OS_LITTER: ReadonlySet<string> = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);
