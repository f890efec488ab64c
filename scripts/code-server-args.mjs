// The code-server command line, shared by `npm start` (scripts/start.mjs) and
// the e2e harness (test/e2e/harness.ts), so what a newcomer runs and what the
// tests drive is the same VS Code set up the same way.

/** Arguments after code-server's entry script: serve `folder` on 127.0.0.1:`port`, no auth, no telemetry or update checks. */
export function codeServerArgs({ port, userDataDir, extensionsDir, folder }) {
  return [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    folder,
  ];
}

/** Arguments after code-server's entry script: install a .vsix into these directories and exit. */
export function installExtensionArgs({ userDataDir, extensionsDir, vsix }) {
  return ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix];
}
