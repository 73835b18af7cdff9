/** notes: the agent's Markdown notes in the folder the person chose, written through the door. */
export { noteTools } from './note-tools.js';
export { NotesFolder } from './notes-folder.js';
