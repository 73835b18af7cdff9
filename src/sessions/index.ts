/** sessions: live terminal (and later browser and file) sessions the agent and the person share. */
export { BrowserSession } from './browser-session.js';
export { browserTools, untrusted } from './browser-tools.js';
export { Scrollback, stripAnsi } from './scrollback.js';
export { type OpenTerminal, SessionManager } from './session-manager.js';
export { type TerminalClient, type TerminalExit, TerminalSession } from './terminal-session.js';
export { terminalTools } from './terminal-tools.js';
