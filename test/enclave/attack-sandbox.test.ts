/**
 * Attacks on the OS sandbox itself (issue 13, class 1), run as the attacker would: a program inside
 * the sandbox. Each is judged by its effect — a secret's bytes printed or not, a host file changed
 * or not, the host clock moved or not — never by an exit code alone. The daemon here runs as root,
 * so every one of these worked before the sandbox had a user namespace, dropped capabilities and a
 * seccomp filter.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/enclave/brokers/exec.js';
import { forgetGrantScans } from '../../src/enclave/exec/grant-confinement.js';
import { DEFAULT_LIMITS, limitBackend, type ResourceLimits } from '../../src/enclave/exec/limits.js';
import { bwrapAvailable, type SandboxSpec } from '../../src/enclave/exec/linux-bwrap.js';
import { sandboxSpec } from '../../src/enclave/planners/exec.js';
import type { Grant } from '../../src/enclave/policy/evaluate.js';
import { homePaths } from '../../src/store/index.js';
import { makeSandbox, type Sandbox } from './harness.js';

let s: Sandbox;
const SECRET = 'API_KEY=sk-live-very-secret-0123';
const TOKEN = 'DAEMON-TOKEN-7f3a';

beforeAll(() => {
  expect(bwrapAvailable()).toMatchObject({ ok: true });
  s = makeSandbox({
    version: 1,
    rules: [
      {
        id: 'person-approved-script',
        action: 'exec',
        match: { argv: [['python3', 'attack.py']] },
        decision: 'allow',
        reason: 'the person approved this script',
      },
      ...['fs.write', 'fs.append', 'fs.edit'].map((action) => ({
        id: `fifo-${action}`,
        action,
        match: { paths: ['**/pipe-*'] },
        decision: 'allow',
        reason: 'lets the FIFO tests reach the file broker',
      })),
    ],
  });
  writeFileSync(join(s.grant, '.env'), SECRET);
  writeFileSync(homePaths(s.data).authToken, TOKEN);
  writeFileSync(join(s.grant, 'handles.py'), HANDLES_PY);
});
afterAll(() => s.close());

function spec(cwd = s.grant, grants?: Grant[], dataDir = s.data): SandboxSpec {
  return sandboxSpec(
    {
      policy: s.enclave.policy,
      grants: grants ?? s.enclave.grants.list(),
      dataDir,
      resolve: () => {
        throw new Error('unused');
      },
      agentCreated: () => false,
      egressSocket: async () => undefined,
    },
    cwd,
  );
}

/** Runs a shell line in the sandbox for the current grants, bypassing the policy on purpose. */
function inside(
  command: string,
  opts: { spec?: SandboxSpec; limits?: ResourceLimits; timeoutMs?: number } = {},
) {
  return runCommand({
    argv: ['/bin/bash', '-c', command],
    spec: opts.spec ?? spec(),
    sandboxed: true,
    spoolDir: homePaths(s.data).spool,
    timeoutMs: opts.timeoutMs ?? 30_000,
    ...(opts.limits ? { limits: opts.limits } : {}),
  });
}

const statusField = (status: string, key: string) => status.match(new RegExp(`^${key}:\\s*(.+)$`, 'm'))?.[1];

/** name_to_handle_at / open_by_handle_at through ctypes: "get PATH" prints a handle, "open TYPE HEX" reads by it. */
const HANDLES_PY = `
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
class FH(ctypes.Structure):
    _fields_ = [('handle_bytes', ctypes.c_uint), ('handle_type', ctypes.c_int), ('f_handle', ctypes.c_ubyte * 128)]
fh = FH()
if sys.argv[1] == 'get':
    fh.handle_bytes = 128
    mnt = ctypes.c_int()
    if libc.name_to_handle_at(-100, sys.argv[2].encode(), ctypes.byref(fh), ctypes.byref(mnt), 0) != 0:
        print('errno', ctypes.get_errno()); sys.exit(1)
    print(fh.handle_type, bytes(fh.f_handle[:fh.handle_bytes]).hex())
else:
    data = bytes.fromhex(sys.argv[3])
    fh.handle_bytes = len(data); fh.handle_type = int(sys.argv[2])
    ctypes.memmove(fh.f_handle, data, len(data))
    fd = libc.open_by_handle_at(os.open('.', os.O_RDONLY), ctypes.byref(fh), os.O_RDONLY)
    if fd < 0:
        print('errno', ctypes.get_errno()); sys.exit(1)
    print(os.read(fd, 200).decode())
`;

describe('the sandboxed program holds no privilege', () => {
  it('has no capabilities, no_new_privs, a seccomp filter, and a non-root uid', async () => {
    const r = await inside('cat /proc/self/status');
    expect(r.exitCode).toBe(0);
    for (const cap of ['CapEff', 'CapPrm', 'CapBnd', 'CapInh', 'CapAmb'])
      expect(statusField(r.stdout, cap), cap).toBe('0000000000000000');
    expect(statusField(r.stdout, 'NoNewPrivs')).toBe('1');
    expect(statusField(r.stdout, 'Seccomp')).toBe('2');
    const uids = statusField(r.stdout, 'Uid')!.split(/\s+/);
    expect(uids.every((u) => u !== '0')).toBe(true);
  });

  it('cannot lift the mask on a secret file (umount), so its bytes never appear', async () => {
    const r = await inside('umount .env; umount -l .env; cat .env; echo "[end]"');
    expect(r.stdout).toContain('[end]');
    expect(r.stdout).not.toContain('sk-live-very-secret');
  });

  it('cannot lift the mask on the data folder (umount)', async () => {
    s.enclave.grants.add(s.root, 'ro');
    try {
      const r = await inside(
        `umount ${s.data}; umount -l ${s.data}; cat ${s.data}/auth-token; echo "[end]"`,
        {
          spec: spec(s.root),
        },
      );
      expect(r.stdout).toContain('[end]');
      expect(r.stdout).not.toContain(TOKEN);
    } finally {
      s.enclave.grants.remove(s.root);
    }
  });

  it('cannot remount a read-only grant read-write: the host file is unchanged', async () => {
    const canary = join(s.readOnly, 'ref.txt');
    await inside(
      `mount -o remount,rw,bind ${s.readOnly}; mount -o remount,rw ${s.readOnly};` +
        ` echo pwned > ${canary}; echo pwned >> ${canary}`,
    );
    expect(readFileSync(canary, 'utf8')).toBe('reference');
  });

  it('cannot open a file outside every grant by its handle (open_by_handle_at)', async () => {
    // The handle of the outside secret, taken on the host: the attacker only needs the bytes.
    const handle = execFileSync(
      'python3',
      [join(s.grant, 'handles.py'), 'get', join(s.outside, 'secret.txt')],
      {
        encoding: 'utf8',
      },
    ).trim();
    expect(handle).toMatch(/^\d+ [0-9a-f]+$/);
    const r = await inside(`python3 handles.py open ${handle}; python3 handles.py get ${s.grant}/hello.txt`);
    expect(r.stdout).not.toContain('TOP SECRET');
    expect(r.stdout).toContain('errno 1'); // EPERM, from the filter
  });

  it('cannot set the host clock', async () => {
    // Set to the time it already is: harmless should the sandbox ever fail again (an earlier
    // version of this test moved the shared machine's clock to 2001 when run against the old
    // sandbox). The refusal itself (EPERM from the kernel) is the effect.
    const r = await inside(
      'date -s "$(date -u "+%Y-%m-%d %H:%M:%S")"; echo "rc=$?";' +
        ` python3 -c 'import time; time.clock_settime(time.CLOCK_REALTIME, time.time())' 2>&1 | tail -1`,
    );
    expect(r.stdout).toContain('rc=1');
    expect(r.stderr).toContain('Operation not permitted');
    expect(r.stdout).toContain('PermissionError');
  });

  it('cannot make nested user namespaces or other namespaces', async () => {
    const r = await inside(
      'unshare -r id -u; echo "rc=$?"; unshare -U true; echo "rc=$?"; unshare -m true; echo "rc=$?";' +
        ` python3 -c 'import ctypes; l=ctypes.CDLL(None, use_errno=True); print("clone-newuser", l.unshare(0x10000000), ctypes.get_errno())'`,
    );
    expect(r.stdout).not.toMatch(/^0$/m); // "id -u" as root in a new namespace never ran
    expect(r.stdout.match(/rc=1/g)?.length).toBe(3);
    expect(r.stdout).toContain('clone-newuser -1 1');
  });

  it('refuses the other dangerous system calls (EPERM / ENOSYS), while threads and subprocesses work', async () => {
    if (process.arch !== 'x64') return; // the numbers below are x86_64's
    const probe = `
import ctypes, os, subprocess, threading
l = ctypes.CDLL(None, use_errno=True)
def call(name, nr, *args):
    r = l.syscall(nr, *args)
    print(name, r, ctypes.get_errno() if r < 0 else 0)
call('io_uring_setup', 425, 0, 0)
call('bpf', 321, 0, 0, 0)
call('perf_event_open', 298, 0, 0, -1, -1, 0)
call('keyctl', 250, 0, 0)
call('ptrace', 101, 0, 0, 0, 0)
call('clone3', 435, 0, 0)
call('ioctl-TIOCSTI', 16, 0, 0x5412, 0)
call('personality-no-aslr', 135, 0x0040000)
call('personality-query', 135, 0xffffffff)
call('x32-getpid', 0x40000000 | 39)
t = threading.Thread(target=lambda: print('thread ran')); t.start(); t.join()
print(subprocess.run(['echo', 'subprocess ran'], capture_output=True, text=True).stdout.strip())
`;
    writeFileSync(join(s.grant, 'probe.py'), probe);
    const r = await inside('python3 probe.py');
    const line = (name: string) => r.stdout.match(new RegExp(`^${name} (-?\\d+) (\\d+)$`, 'm'))?.slice(1);
    for (const name of [
      'io_uring_setup',
      'bpf',
      'perf_event_open',
      'keyctl',
      'ptrace',
      'ioctl-TIOCSTI',
      'personality-no-aslr',
      'x32-getpid',
    ])
      expect(line(name), name).toEqual(['-1', '1']);
    expect(line('clone3')).toEqual(['-1', '38']);
    expect(line('personality-query')?.[1]).toBe('0');
    expect(r.stdout).toContain('thread ran');
    expect(r.stdout).toContain('subprocess ran');
  });

  it('a person-approved `python3 script.py` can do none of it either', async () => {
    const canary = join(s.readOnly, 'ref.txt');
    const handle = execFileSync(
      'python3',
      [join(s.grant, 'handles.py'), 'get', join(s.outside, 'secret.txt')],
      {
        encoding: 'utf8',
      },
    ).trim();
    writeFileSync(
      join(s.grant, 'attack.py'),
      `
import subprocess as sp
def sh(c): print(sp.run(c, shell=True, capture_output=True, text=True).stdout)
print(open('/proc/self/status').read())
sh('umount .env; cat .env')
sh('mount -o remount,rw,bind ${s.readOnly}; echo pwned > ${canary}')
sh('python3 handles.py open ${handle}')
sh('date -s now; echo "date rc=$?"')
sh('unshare -r id -u')
`,
    );
    const r = await s.call('exec', { argv: ['python3', 'attack.py'] });
    expect(r.meta.sandboxed).toBe(true);
    const out = r.content.map((c) => ('text' in c ? c.text : '')).join('');
    expect(statusField(out, 'CapEff')).toBe('0000000000000000');
    expect(statusField(out, 'Seccomp')).toBe('2');
    expect(out).not.toContain('sk-live-very-secret');
    expect(out).not.toContain('TOP SECRET');
    expect(out).not.toMatch(/^0$/m);
    expect(readFileSync(canary, 'utf8')).toBe('reference');
    expect(out).toContain('date rc=1');
  });

  it('can still read and write its grant (the inner uid maps onto the files owner)', async () => {
    const r = await inside('cat hello.txt && echo written > from-sandbox.txt && id -u');
    expect(r.stdout).toContain('hello');
    expect(readFileSync(join(s.grant, 'from-sandbox.txt'), 'utf8')).toBe('written\n');
  });
});

describe("Cowork's data folder is masked however it is reached", () => {
  it('when the data folder is named through a symlink and its real folder is under a grant', async () => {
    const real = join(s.root, 'cowork-real');
    const link = join(s.root, 'cowork-link');
    mkdirSync(real, { recursive: true });
    writeFileSync(join(real, 'auth-token'), TOKEN);
    symlinkSync(real, link);
    const grants: Grant[] = [{ path: s.root, mode: 'rw' }];
    const r = await inside(
      `cat ${real}/auth-token; cat ${link}/auth-token; cat cowork-link/auth-token; echo "[end]"`,
      {
        spec: spec(s.root, grants, link),
      },
    );
    expect(r.stdout, r.stderr).toContain('[end]');
    expect(r.stdout).not.toContain(TOKEN);
  });

  it('when a grant holds a symlink to the data folder', async () => {
    symlinkSync(s.data, join(s.grant, 'cw'));
    const grants: Grant[] = [
      { path: s.grant, mode: 'rw' },
      { path: s.root, mode: 'ro' },
    ];
    const r = await inside('cat cw/auth-token; ls cw; echo "[end]"', { spec: spec(s.grant, grants) });
    expect(r.stdout).toContain('[end]');
    expect(r.stdout).not.toContain(TOKEN);
  });
});

describe('masks do not break ordinary tools (nodev mounts)', () => {
  it('ripgrep searches a project with *.pem and id_rsa.pub files', async () => {
    const project = join(s.grant, 'proj');
    mkdirSync(join(project, 'certs'), { recursive: true });
    writeFileSync(join(project, 'certs', 'server.pem'), '-----BEGIN PRIVATE KEY-----\nneedle\n');
    writeFileSync(join(project, 'id_rsa.pub'), 'ssh-ed25519 AAAA needle');
    writeFileSync(join(project, 'code.ts'), 'const needle = 1;\n');
    forgetGrantScans(); // the scan of this grant a moment ago did not see these files yet
    const r = await s.call('fs.search', { path: project, pattern: 'needle' });
    expect(r.success, JSON.stringify(r.error)).toBe(true);
    const out = r.content.map((c) => ('text' in c ? c.text : '')).join('');
    expect(out).toContain('code.ts');
    expect(out).not.toContain('PRIVATE KEY');
  });

  it('`git diff` works in a repository that tracks .env', async () => {
    const repo = join(s.grant, 'repo');
    committedRepo(repo);
    writeFileSync(join(repo, 'a.txt'), 'two\n');
    forgetGrantScans();
    const masked = spec(repo);
    expect(masked.maskFiles).toContain(join(repo, '.env')); // the mask is there, and git copes
    const r = await inside('git diff --stat && git status --short', { spec: masked });
    expect(r.stderr).not.toContain('cannot hash');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('a.txt');
  });

  it('patches and greps of a tracked secret say "binary", never the committed bytes', async () => {
    const repo = join(s.grant, 'leaky');
    const git = committedRepo(repo);
    // Without the sandbox's attributes, git prints the committed secret in every one of these.
    expect(git('log', '-p').toString()).toContain(SECRET.trim());
    forgetGrantScans();
    const r = await inside(
      `git diff; git log -p; git show HEAD; git grep -e '${SECRET.trim().slice(0, 8)}' HEAD; git diff HEAD~0 --stat`,
      { spec: spec(repo) },
    );
    expect(r.stdout + r.stderr).not.toContain(SECRET.trim());
    expect(r.stdout).toContain('Binary files');
  });
});

describe('per-call limits', () => {
  it('uses cgroups where the daemon may (here: root with cgroup v1/v2 pids)', () => {
    const b = limitBackend();
    if (process.getuid?.() === 0) expect(b.kind).not.toBe('rlimit');
    else expect(['cgroup2', 'cgroup1', 'rlimit']).toContain(b.kind);
  });

  it('stops a fork bomb at the process limit; the host never sees more than the limit', async () => {
    const limits = { ...DEFAULT_LIMITS, maxProcesses: 200 };
    const count = () => readdirSync('/proc').filter((n) => /^\d+$/.test(n)).length;
    const baseline = count();
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, count());
    }, 20);
    const r = await inside('bomb() { bomb | bomb & }; bomb; sleep 100', { limits, timeoutMs: 60_000 });
    clearInterval(sampler);
    expect(r.timedOut).toBe(false);
    if (limitBackend().kind !== 'rlimit') expect(r.limitHit).toBe('processes');
    // Other work on this machine comes and goes: allow some slack over the call's own limit.
    expect(peak - baseline).toBeLessThan(limits.maxProcesses + 100);
    const after = spawn('true');
    await new Promise((res) => after.once('close', res)); // the host can still start processes
    expect(after.exitCode).toBe(0);
  });

  it('stops a memory hog at the memory limit: the allocation never completes', async () => {
    const limits = { ...DEFAULT_LIMITS, maxMemoryBytes: 256 * 1024 ** 2 };
    const r = await inside(
      `python3 -c 'b = bytearray(1024 ** 3); b[::4096] = b"x" * (len(b) // 4096); print("allocated")'`,
      {
        limits,
      },
    );
    expect(r.stdout).not.toContain('allocated');
    expect(r.exitCode).not.toBe(0);
  });

  it('lets an ordinary node run (threads) under the default limits', async () => {
    const r = await inside(
      `node -e 'const { Worker } = require("node:worker_threads"); new Worker("console.log(\\"worker ok\\")", { eval: true })'`,
    );
    expect(r.stdout, r.stderr).toContain('worker ok');
  });
});

describe('named pipes, sockets and devices never block the daemon (class 9)', () => {
  /**
   * A helper that opens the FIFO's other end after a while: before the fix, the daemon's open
   * waited for it (and the whole event loop with it); it is only a safety valve so that a
   * regression fails instead of hanging the run. Whether the valve was needed is the effect.
   */
  function fifoWithValve(name: string, valve: 'writer' | 'reader') {
    const fifo = join(s.grant, name);
    execFileSync('mkfifo', [fifo]);
    const other = valve === 'writer' ? `echo valve > ${fifo}` : `cat ${fifo} > /dev/null`;
    const helper = spawn('sh', ['-c', `sleep 3; ${other}`], { stdio: 'ignore' });
    return { fifo, valveOpened: () => helper.exitCode !== null, stop: () => helper.kill('SIGKILL') };
  }

  it('fs.read of a FIFO is refused at once and the event loop keeps serving', async () => {
    const { valveOpened, stop } = fifoWithValve('pipe-read', 'writer');
    let timerFired = false;
    setTimeout(() => {
      timerFired = true;
    }, 0);
    const [r] = await Promise.all([
      s.call('fs.read', { path: 'pipe-read' }),
      new Promise((res) => setTimeout(res, 20)),
    ]);
    expect(r.error?.code).toBe('INVALID_ARGUMENTS');
    expect(r.error?.message).toContain('named pipe');
    expect(valveOpened()).toBe(false); // nobody had to open the other end for the read to return
    expect(timerFired).toBe(true);
    stop();
  });

  it('fs.append, fs.write, fs.edit and fs.search of a FIFO are refused at once; the FIFO stays', async () => {
    const { fifo, valveOpened, stop } = fifoWithValve('pipe-write', 'reader');
    // Allowed by the test policy, so the broker itself must refuse.
    const person = {};
    const append = await s.call('fs.append', { path: 'pipe-write', content: 'x' }, person);
    const write = await s.call('fs.write', { path: 'pipe-write', content: 'x' }, person);
    const edit = await s.call(
      'fs.edit',
      { path: 'pipe-write', edits: [{ oldText: 'a', newText: 'b' }] },
      person,
    );
    const search = await s.call('fs.search', { path: 'pipe-write', pattern: 'x' }, person);
    for (const r of [append, write, edit, search])
      expect(r.error?.code, JSON.stringify(r.error)).toBe('INVALID_ARGUMENTS');
    expect(valveOpened()).toBe(false);
    expect(execFileSync('stat', ['-c', '%F', fifo], { encoding: 'utf8' }).trim()).toBe('fifo');
    stop();
  });

  it('a FIFO named .gitignore does not stall a listing that honours .gitignore', async () => {
    const dir = join(s.grant, 'listing');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.txt'), 'a');
    execFileSync('mkfifo', [join(dir, '.gitignore')]);
    const helper = spawn('sh', ['-c', `sleep 3; echo '*.txt' > ${join(dir, '.gitignore')}`], {
      stdio: 'ignore',
    });
    const r = await s.call('fs.list', { path: dir, gitignore: true });
    expect(r.success, JSON.stringify(r.error)).toBe(true);
    expect(helper.exitCode).toBe(null);
    helper.kill('SIGKILL');
  });
});

/** A git repository in `repo` whose first commit tracks a `.env` holding SECRET, and its git. */
function committedRepo(repo: string): (...args: string[]) => Buffer {
  mkdirSync(repo, { recursive: true });
  writeFileSync(join(repo, '.env'), SECRET);
  writeFileSync(join(repo, 'a.txt'), 'one\n');
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, stdio: 'pipe' });
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'init');
  return git;
}
