// `npm start`: opens a real VS Code with the extension loaded and the demo
// workspace (demo/, left in place so `node app.js` / `python3 app.py` run from
// it as its README says). On a fresh clone it first installs what it needs
// (scripts/setup.mjs: `npm ci`, and for the browser path Node 24 + code-server),
// one line per step; nothing here imports an npm package.
// - With a desktop `code` on PATH: `code --extensionDevelopmentPath=<repo> demo`.
// - Otherwise: builds and packages the extension, installs the real VS Code
//   for the browser (code-server under Node 24, cached), installs the .vsix into
//   a fresh extensions dir and serves the workbench on 127.0.0.1, printing the
//   address to open. Runs until Ctrl-C, then stops code-server and cleans up.
//
// Options: --port N (default: SENTRY_LENS_PORT or 8080, or a free one when taken).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerArgs, installExtensionArgs } from './code-server-args.mjs';
import { vscodeDepsInstalled } from './install-vscode-deps.mjs';
import { DEBIAN_CODE_SERVER_BUILD, checkNode, ensureDebianPackages, ensureNpmDeps, ensureVscode, runQuiet, step } from './setup.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const demo = join(repo, 'demo');

function onPath(cmd) {
  const res = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() : undefined;
}

function portFree(port) {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

async function choosePort() {
  const i = process.argv.indexOf('--port');
  const wanted = Number(i > 0 ? process.argv[i + 1] : process.env.SENTRY_LENS_PORT || 8080);
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) {
    throw new Error(`--port must be a number from 0 to 65535, got "${i > 0 ? process.argv[i + 1] : process.env.SENTRY_LENS_PORT}"`);
  }
  if (wanted && (await portFree(wanted))) return wanted;
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function npmRun(what, script) {
  step('start', what, () => {
    runQuiet('npm', ['run', '--silent', script], { cwd: repo, what: `npm run ${script}`, hint: 'Fix what it printed above, then run npm start again.' });
    return 'done';
  });
}

async function main() {
  checkNode();
  const code = onPath('code');
  const desktop = Boolean(code && !process.env.SENTRY_LENS_BROWSER);
  if (!desktop && !vscodeDepsInstalled().codeServer) {
    // code-server builds native modules against these headers when it installs.
    ensureDebianPackages(DEBIAN_CODE_SERVER_BUILD, 'start', 'installing code-server');
  }
  ensureNpmDeps(repo, 'start');
  if (desktop) {
    npmRun('build', 'build');
    console.log(`> ${code} --extensionDevelopmentPath=${repo} ${demo}`);
    const res = spawnSync(code, [`--extensionDevelopmentPath=${repo}`, demo], { stdio: 'inherit' });
    process.exit(res.status ?? 1);
  }

  const deps = ensureVscode('start', { chromium: false });
  npmRun('package the extension', 'package');
  const dir = mkdtempSync(join(tmpdir(), 'sentry-lens-start-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const exts = join(dir, 'exts');
  const ud = join(dir, 'ud');
  mkdirSync(join(ud, 'User'), { recursive: true });
  writeFileSync(
    join(ud, 'User', 'settings.json'),
    JSON.stringify({ 'workbench.startupEditor': 'readme', 'telemetry.telemetryLevel': 'off', 'security.workspace.trust.enabled': false }, null, 2),
  );
  const env = { ...process.env, XDG_CONFIG_HOME: join(dir, 'config'), NODE_OPTIONS: '' };
  try {
    step('start', 'install dist/sentry-lens.vsix into code-server', () => {
      const vsix = join(repo, 'dist', 'sentry-lens.vsix');
      runQuiet(deps.node24, [deps.codeServerEntry, ...installExtensionArgs({ userDataDir: ud, extensionsDir: exts, vsix })], {
        env,
        what: 'code-server --install-extension',
        hint: `Remove ${deps.codeServerDir} to have it installed again on the next run.`,
      });
      return 'done';
    });
  } catch (e) {
    cleanup();
    throw e;
  }
  const port = await choosePort();
  const server = spawn(
    deps.node24,
    [deps.codeServerEntry, ...codeServerArgs({ port, userDataDir: ud, extensionsDir: exts, folder: demo })],
    { stdio: ['ignore', 'pipe', 'pipe'], env },
  );
  let announced = false;
  const announce = () => {
    if (announced) return;
    announced = true;
    console.log(`\nOpen http://127.0.0.1:${port}/?folder=${encodeURIComponent(demo)}`);
    console.log('(the demo README says how to send errors to it; Ctrl-C stops)\n');
  };
  const watch = (b) => {
    const text = b.toString();
    if (process.env.SENTRY_LENS_VERBOSE) process.stderr.write(text);
    if (/HTTP server listening/.test(text)) announce();
  };
  server.stdout.on('data', watch);
  server.stderr.on('data', watch);
  const stop = () => {
    server.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.on('exit', (codeNum, signal) => {
    cleanup();
    if (!announced) console.error(`code-server exited before it listened (exit ${codeNum ?? signal}); run with SENTRY_LENS_VERBOSE=1 to see its log`);
    process.exit(signal === 'SIGTERM' || codeNum === 0 ? 0 : 1);
  });
}

main().catch((e) => {
  // What is missing and how to install it, as a sentence: never a stack trace.
  console.error(`\n${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

