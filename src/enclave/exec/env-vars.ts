/**
 * Environment variables a command line sets (`VAR=… cmd`, `env VAR=… cmd`, `X=…` alone): many
 * change what a program runs — `GIT_CONFIG_*` and `GIT_*` (fsmonitor, pager, ssh command),
 * `LD_PRELOAD`, `BASH_ENV`, `PS4`, `PAGER`/`EDITOR`, `PATH`, `NODE_OPTIONS`, `PYTHONSTARTUP`,
 * `LESSOPEN`, `IFS` … and new ones appear with every tool. So names are judged against a short
 * list of harmless ones (locale, colour, CI flags); any other name is put to the person.
 */

const HARMLESS = new Set([
  'LANG',
  'LANGUAGE',
  'TZ',
  'NO_COLOR',
  'FORCE_COLOR',
  'CLICOLOR',
  'COLUMNS',
  'LINES',
  'CI',
  'DEBUG',
  'NODE_ENV',
  'RUST_BACKTRACE',
  'RUST_LOG',
  'PYTHONUNBUFFERED',
  'PYTHONDONTWRITEBYTECODE',
  'PYTHONHASHSEED',
  'TERM',
]);

/** Why setting `name` is put to the person, or null when it is harmless. */
export function judgeEnvName(name: string): string | null {
  if (HARMLESS.has(name) || /^LC_[A-Z]+$/.test(name)) return null;
  return `setting ${name} can change what programs run`;
}
