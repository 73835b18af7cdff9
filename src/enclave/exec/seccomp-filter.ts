/**
 * The sandbox's seccomp filter, as a classic-BPF program (the format `bwrap --seccomp FD` loads:
 * an array of `struct sock_filter`, 8 bytes each). There is no libseccomp binding for Node, and the
 * program is small, so it is assembled here.
 *
 * What it does, in order:
 * 1. the architecture must be the one the table was written for (x86_64 or aarch64); any other ABI
 *    (i386 on x86_64, arm32 compat on arm64) has other syscall numbers and would slip past the
 *    list, so such a process is killed;
 * 2. on x86_64, x32 syscalls (numbers with bit 30 set) are refused for the same reason;
 * 3. syscalls that reach past the sandbox (file handles, mounts, ptrace, keyrings, BPF, clocks,
 *    modules, namespaces, io_uring, …) fail with EPERM;
 * 4. `clone3` fails with ENOSYS (its flags sit in memory, where BPF cannot look; libc then falls
 *    back to `clone`), and `clone` with any CLONE_NEW* flag fails with EPERM;
 * 5. `ioctl(TIOCSTI)` / `ioctl(TIOCLINUX)` (typing into a terminal) fail with EPERM;
 * 6. `personality` is allowed only for the plain Linux personalities and the query, so ASLR cannot
 *    be switched off and READ_IMPLIES_EXEC cannot be set;
 * everything else is allowed. Capabilities are already dropped and the user is unprivileged, so
 * this is a second wall: it also closes what an unprivileged user may still do (userfaultfd,
 * io_uring, perf_event_open, keyctl) and what would matter if a capability ever leaked.
 */

type Arch = 'x64' | 'arm64';

/** Syscalls refused with EPERM. Numbers: arch/x86/entry/syscalls/syscall_64.tbl, include/uapi/asm-generic/unistd.h. */
const DENIED: Record<string, Partial<Record<Arch, number>>> = {
  // file handles: open_by_handle_at reads any file on a mounted file system, grants or not
  name_to_handle_at: { x64: 303, arm64: 264 },
  open_by_handle_at: { x64: 304, arm64: 265 },
  // mounts: lifting a mask, remounting a read-only grant read-write
  mount: { x64: 165, arm64: 40 },
  umount2: { x64: 166, arm64: 39 },
  pivot_root: { x64: 155, arm64: 41 },
  chroot: { x64: 161, arm64: 51 },
  open_tree: { x64: 428, arm64: 428 },
  move_mount: { x64: 429, arm64: 429 },
  fsopen: { x64: 430, arm64: 430 },
  fsconfig: { x64: 431, arm64: 431 },
  fsmount: { x64: 432, arm64: 432 },
  fspick: { x64: 433, arm64: 433 },
  mount_setattr: { x64: 442, arm64: 442 },
  open_tree_attr: { x64: 467, arm64: 467 },
  // other processes' memory
  ptrace: { x64: 101, arm64: 117 },
  process_vm_readv: { x64: 310, arm64: 270 },
  process_vm_writev: { x64: 311, arm64: 271 },
  pidfd_getfd: { x64: 438, arm64: 438 },
  process_madvise: { x64: 440, arm64: 440 },
  // kernel keyrings (not namespaced: they hold the person's other secrets)
  add_key: { x64: 248, arm64: 217 },
  request_key: { x64: 249, arm64: 218 },
  keyctl: { x64: 250, arm64: 219 },
  // kernel attack surface
  bpf: { x64: 321, arm64: 280 },
  perf_event_open: { x64: 298, arm64: 241 },
  userfaultfd: { x64: 323, arm64: 282 },
  io_uring_setup: { x64: 425, arm64: 425 },
  io_uring_enter: { x64: 426, arm64: 426 },
  io_uring_register: { x64: 427, arm64: 427 },
  syslog: { x64: 103, arm64: 116 },
  iopl: { x64: 172 },
  ioperm: { x64: 173 },
  // the host's clock
  settimeofday: { x64: 164, arm64: 170 },
  adjtimex: { x64: 159, arm64: 171 },
  clock_settime: { x64: 227, arm64: 112 },
  clock_adjtime: { x64: 305, arm64: 266 },
  // kernel modules, kexec, power
  init_module: { x64: 175, arm64: 105 },
  delete_module: { x64: 176, arm64: 106 },
  finit_module: { x64: 313, arm64: 273 },
  kexec_load: { x64: 246, arm64: 104 },
  kexec_file_load: { x64: 320, arm64: 294 },
  reboot: { x64: 169, arm64: 142 },
  // host-wide administration
  swapon: { x64: 167, arm64: 224 },
  swapoff: { x64: 168, arm64: 225 },
  acct: { x64: 163, arm64: 89 },
  quotactl: { x64: 179, arm64: 60 },
  quotactl_fd: { x64: 443, arm64: 443 },
  // namespaces: no joining, no new ones (nested user namespaces are also disabled by bwrap)
  setns: { x64: 308, arm64: 268 },
  unshare: { x64: 272, arm64: 97 },
};

const SPECIAL: Record<'clone' | 'clone3' | 'ioctl' | 'personality', Record<Arch, number>> = {
  clone: { x64: 56, arm64: 220 },
  clone3: { x64: 435, arm64: 435 },
  ioctl: { x64: 16, arm64: 29 },
  personality: { x64: 135, arm64: 92 },
};

const AUDIT_ARCH: Record<Arch, number> = { x64: 0xc000003e, arm64: 0xc00000b7 };
const X32_SYSCALL_BIT = 0x40000000;

// BPF opcodes (linux/bpf_common.h) and seccomp return values (linux/seccomp.h).
const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const JGE_K = 0x35;
const JSET_K = 0x45;
const RET_K = 0x06;
const RET_KILL_PROCESS = 0x80000000;
const RET_ERRNO = 0x00050000;
const RET_ALLOW = 0x7fff0000;
const EPERM = 1;
const ENOSYS = 38;

// struct seccomp_data: int nr; u32 arch; u64 instruction_pointer; u64 args[6]. Little-endian on
// both architectures, so the low 32 bits of args[i] are at 16 + 8i.
const OFF_NR = 0;
const OFF_ARCH = 4;
const argLow = (i: number) => 16 + 8 * i;

/** CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET. */
const CLONE_NEW_FLAGS =
  0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;
const TIOCSTI = 0x5412;
const TIOCLINUX = 0x541c;
/** PER_LINUX, PER_LINUX32, and 0xffffffff (the query: "what is it now?"). */
const ALLOWED_PERSONALITIES = [0x0000, 0x0008, 0xffffffff];

interface Insn {
  code: number;
  jt: number;
  jf: number;
  k: number;
}
const stmt = (code: number, k: number): Insn => ({ code, jt: 0, jf: 0, k });
const jump = (code: number, k: number, jt: number, jf: number): Insn => ({ code, jt, jf, k });
const ret = (k: number) => stmt(RET_K, k);
const errno = (e: number) => ret(RET_ERRNO | e);

export function hostArch(): Arch | undefined {
  return process.arch === 'x64' || process.arch === 'arm64' ? process.arch : undefined;
}

/** The filter as instructions (exported for tests that read it back). */
export function seccompProgram(arch: Arch): Insn[] {
  const p: Insn[] = [
    stmt(LD_W_ABS, OFF_ARCH),
    jump(JEQ_K, AUDIT_ARCH[arch], 1, 0),
    ret(RET_KILL_PROCESS),
    stmt(LD_W_ABS, OFF_NR),
  ];
  if (arch === 'x64') p.push(jump(JGE_K, X32_SYSCALL_BIT, 0, 1), errno(EPERM));
  for (const nrs of Object.values(DENIED)) {
    const nr = nrs[arch];
    if (nr !== undefined) p.push(jump(JEQ_K, nr, 0, 1), errno(EPERM));
  }
  p.push(jump(JEQ_K, SPECIAL.clone3[arch], 0, 1), errno(ENOSYS));
  // Each argument check below ends in a return, so it reloads nothing for the next one.
  p.push(
    jump(JEQ_K, SPECIAL.clone[arch], 0, 4),
    stmt(LD_W_ABS, argLow(0)),
    jump(JSET_K, CLONE_NEW_FLAGS, 0, 1),
    errno(EPERM),
    ret(RET_ALLOW),
  );
  p.push(
    jump(JEQ_K, SPECIAL.ioctl[arch], 0, 5),
    stmt(LD_W_ABS, argLow(1)),
    jump(JEQ_K, TIOCSTI, 1, 0),
    jump(JEQ_K, TIOCLINUX, 0, 1),
    errno(EPERM),
    ret(RET_ALLOW),
  );
  const n = ALLOWED_PERSONALITIES.length;
  p.push(jump(JEQ_K, SPECIAL.personality[arch], 0, n + 3), stmt(LD_W_ABS, argLow(0)));
  ALLOWED_PERSONALITIES.forEach((v, i) => {
    p.push(jump(JEQ_K, v, n - i, 0));
  });
  p.push(errno(EPERM), ret(RET_ALLOW));
  p.push(ret(RET_ALLOW));
  return p;
}

/** The program as bytes, as `bwrap --seccomp FD` reads them (host byte order: little-endian). */
export function seccompFilterBytes(arch: Arch): Buffer {
  const insns = seccompProgram(arch);
  const buf = Buffer.alloc(insns.length * 8);
  insns.forEach((insn, i) => {
    buf.writeUInt16LE(insn.code, i * 8);
    buf.writeUInt8(insn.jt, i * 8 + 2);
    buf.writeUInt8(insn.jf, i * 8 + 3);
    buf.writeUInt32LE(insn.k >>> 0, i * 8 + 4);
  });
  return buf;
}

/** Names of the syscalls refused outright (for the docs and tests). */
export const DENIED_SYSCALLS = Object.keys(DENIED);
