import * as vscode from 'vscode';
import { CommandIds } from '../common/commandIds';
import type { ApiIssuesSource } from '../common/contracts';
import type { ErrorTreeModel } from '../errors/errorTreeModel';
import type { FrameOpener } from '../frames/frameOpener';
import { ErrorCodeLens } from './errorCodeLens';
import { ErrorLineMarks } from './errorLineMarks';
import { FrameStepper } from './frameStepper';

export interface FrameMarksDeps {
  log: vscode.LogOutputChannel;
  opener: FrameOpener;
  tree: ErrorTreeModel;
  api: ApiIssuesSource;
}

/** Marks in the editor at the lines recent errors went through, and stepping through the current event's frames. */
export function registerFrameMarks(context: vscode.ExtensionContext, deps: FrameMarksDeps): void {
  const marks = new ErrorLineMarks(deps.opener.host, deps.tree, deps.api, deps.log);
  const lens = new ErrorCodeLens(marks);
  const stepper = new FrameStepper(deps.tree, deps.opener);
  // Ages ("3 min ago") move on: redraw the lenses once a minute.
  const timer = setInterval(() => lens.refresh(), 60_000);
  context.subscriptions.push(
    marks,
    lens,
    { dispose: () => clearInterval(timer) },
    vscode.languages.registerCodeLensProvider({ scheme: 'file' }, lens),
    vscode.commands.registerCommand(CommandIds.nextFrame, () => stepper.step(1)),
    vscode.commands.registerCommand(CommandIds.previousFrame, () => stepper.step(-1)),
  );
}
