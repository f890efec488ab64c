import * as vscode from 'vscode';
import { type ConfigSource, type SentrySettings, readSettings } from './settingsModel';

/** The `sentry.*` settings of this window, typed (see settingsModel.ts). */
export function currentSettings(scope?: vscode.ConfigurationScope): SentrySettings {
  const config = vscode.workspace.getConfiguration('sentry', scope);
  const src: ConfigSource = {
    get: (key) => config.get(key),
    defaultOf: (key) => config.inspect(key)?.defaultValue,
  };
  return readSettings(src);
}
