// The benches' servers under test run as child processes: started until they
// print their port, stopped with SIGTERM (SIGKILL after 5 s), and never left
// behind when the bench exits; and the CPU time a child has used.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const children = [];
process.on('exit', () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));

/** Starts `cmd args` in `cwd` and resolves with the child and the port `portPattern` finds in its output. */
export function startChild(cwd, cmd, args, portPattern) {
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    children.push(c);
    let out = '';
    const onData = (d) => {
      out += d.toString();
      const m = portPattern.exec(out);
      if (m) resolve({ child: c, port: Number(m[1]) });
    };
    c.stdout.on('data', onData);
    c.stderr.on('data', onData);
    c.on('exit', (code) => reject(new Error(`${cmd} ${args.join(' ')} exited (${code}) before listening:\n${out}`)));
  });
}

/** Stops a child (SIGTERM, then SIGKILL after 5 s) and resolves once it exited. */
export function stopChild(c) {
  return new Promise((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve();
    c.once('exit', () => resolve());
    c.kill('SIGTERM');
    setTimeout(() => c.kill('SIGKILL'), 5000).unref();
  });
}

/** The median of the numbers that are not NaN; NaN when there are none. */
export function median(xs) {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** CPU time a process has used so far, in ms, as user and kernel (system) time, from /proc (Linux; NaN elsewhere). 10 ms resolution. */
export function cpuTimesOf(pid) {
  try {
    // The fields after the command name (which may hold spaces) start at the last ')'.
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').pop().trim().split(' ');
    return { user: (Number(f[11]) * 1000) / 100, system: (Number(f[12]) * 1000) / 100 };
  } catch {
    return { user: NaN, system: NaN };
  }
}
