/**
 * The folder the person chose for notes (Settings → Notes), kept in the settings table. Only a
 * folder inside one of their lasting read-write grants can be chosen: notes are written through
 * the door like any file, and a folder the door would refuse is no choice at all.
 */
import { CoworkError } from '../../contracts/index.js';
import { isWithin, type ListedGrant } from '../../enclave/index.js';
import type { SettingsStore } from '../../store/index.js';

const KEY = 'notes.folder';

export class NotesFolder {
  constructor(
    private readonly settings: SettingsStore,
    private readonly grants: () => readonly ListedGrant[],
  ) {}

  get(): string | null {
    return this.settings.get<string>(KEY) ?? null;
  }

  /** Chooses `folder` (a real, absolute path) or none; PERMISSION_DENIED outside read-write grants. */
  set(folder: string | null): string | null {
    if (folder !== null) {
      const granted = this.grants().some((g) => g.mode === 'rw' && !g.runId && isWithin(folder, g.path));
      if (!granted) {
        throw new CoworkError(
          'PERMISSION_DENIED',
          `${folder} is not inside a read-write grant, so notes could not be written there. Grant the folder (or one above it) read-write first.`,
        );
      }
    }
    this.settings.set(KEY, folder);
    return folder;
  }
}
