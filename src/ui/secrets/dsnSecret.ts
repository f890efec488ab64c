import * as vscode from 'vscode';
import { type Dsn, parseDsn } from '../../sentry/send/dsn';
import { logDetailOf } from '../../sentry/errors';
import { DisposableBase } from '../../util/disposable';
import type { Logger } from '../../util/logger';
import { ContextKeys } from '../common/contextKeys';
import { dsnLabel } from './dsnLabel';
import { SecretKeys } from './secretKeys';

/**
 * The DSN in SecretStorage: read, watched (other windows change it too) and
 * reported as `host/project` only.
 */
export class DsnSecret extends DisposableBase {
  private readonly changed = this._register(new vscode.EventEmitter<Dsn | undefined>());
  readonly onDidChange = this.changed.event;
  private last: Dsn | undefined;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Logger,
  ) {
    super();
    this._register(
      secrets.onDidChange((e) => {
        if (e.key === SecretKeys.dsn) this.reloadInBackground();
      }),
    );
  }

  /** reload() with no one to tell but the log (secret storage can fail, e.g. without a keyring). */
  reloadInBackground(): void {
    this.reload().catch((e: unknown) => this.log.error(`reading the DSN from secret storage failed: ${logDetailOf(e)}`));
  }

  get current(): Dsn | undefined {
    return this.last;
  }

  /** Reads the stored DSN (a stored value that no longer parses counts as none, and is logged without its text). */
  async reload(): Promise<Dsn | undefined> {
    const text = await this.secrets.get(SecretKeys.dsn);
    let dsn: Dsn | undefined;
    if (text) {
      const parsed = parseDsn(text);
      if (parsed.ok) dsn = parsed.value;
      else this.log.warn(`the stored DSN cannot be used: ${parsed.reason}`);
    }
    this.last = dsn;
    void vscode.commands.executeCommand('setContext', ContextKeys.dsnSet, dsn !== undefined);
    this.changed.fire(dsn);
    return dsn;
  }

  async store(text: string): Promise<Dsn> {
    const parsed = parseDsn(text);
    if (!parsed.ok) throw new Error(parsed.reason);
    await this.secrets.store(SecretKeys.dsn, text.trim());
    this.log.info(`DSN saved (${dsnLabel(parsed.value)})`);
    await this.reload();
    return parsed.value;
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SecretKeys.dsn);
    this.log.info('DSN cleared');
    await this.reload();
  }
}
