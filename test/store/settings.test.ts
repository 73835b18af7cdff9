import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, SettingsStore } from '../../src/store/index.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('SettingsStore', () => {
  it('keeps a JSON value by key across reopening, and forgets it when set to null', () => {
    const path = join(tempDir(), 'cowork.db');
    const db = openDatabase(path);
    const settings = new SettingsStore(db);
    expect(settings.get('notes.folder')).toBeUndefined();
    settings.set('notes.folder', '/home/me/notes');
    settings.set('notes.folder', '/home/me/other');
    settings.set('layout', { width: 3, open: true });
    db.close();

    const again = openDatabase(path);
    const reopened = new SettingsStore(again);
    expect(reopened.get('notes.folder')).toBe('/home/me/other');
    expect(reopened.get('layout')).toEqual({ width: 3, open: true });
    reopened.set('notes.folder', null);
    expect(reopened.get('notes.folder')).toBeUndefined();
    expect(again.prepare('SELECT count(*) FROM settings').pluck().get()).toBe(1);
    again.close();
  });
});
