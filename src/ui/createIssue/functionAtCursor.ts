import * as vscode from 'vscode';
import { askWhileEmpty } from '../../util/askWhileEmpty';
import { enclosingFunctionName } from './enclosingFunction';

/**
 * How long Create Issue waits for the language extension's symbols, counted
 * from when it asks (as the template picker opens). A person who runs Create
 * Issue right after opening a file, or on a slow or busy machine, meets a
 * language server that is still starting; the function's name in the top
 * frame is what makes the event findable (`applyDiscount`, not
 * `<anonymous>`), so it is worth a wait of seconds, not forever: while the
 * form waits, a notification says so and its Cancel sends without the name.
 */
const ANSWER_WITHIN_MS = 20_000;
/**
 * An empty answer comes at once when no symbol provider is registered yet
 * (the language extension still activating) and also for a language that has
 * none: asking again for this long covers the first without making the
 * second wait.
 */
const ASK_AGAIN_FOR_MS = 4_000;
const ASK_AGAIN_EVERY_MS = 400;
/** A name that is there by then needs no notification. */
const QUIET_MS = 500;

export interface FunctionLookup {
  /** The function around the cursor, as a frame names it; undefined outside any function or without symbols. */
  readonly name: Promise<string | undefined>;
  cancel(): void;
}

/** Starts asking the language extension for the document's symbols; see enclosingFunction.ts for the naming. */
export function lookUpFunctionAt(uri: vscode.Uri, pos: vscode.Position): FunctionLookup {
  const abort = new AbortController();
  type Symbols = Array<vscode.DocumentSymbol | vscode.SymbolInformation> | undefined;
  const name = askWhileEmpty(
    () => vscode.commands.executeCommand<Symbols>('vscode.executeDocumentSymbolProvider', uri),
    (symbols) => !symbols?.length,
    { answerWithinMs: ANSWER_WITHIN_MS, askAgainForMs: ASK_AGAIN_FOR_MS, intervalMs: ASK_AGAIN_EVERY_MS, signal: abort.signal },
  ).then((symbols) => {
    // Only the tree form (DocumentSymbol) says what is inside what; the flat form is left alone.
    const tree = symbols?.filter((s): s is vscode.DocumentSymbol => 'children' in s);
    return enclosingFunctionName(tree, pos.line, pos.character);
  });
  return { name, cancel: () => abort.abort() };
}

/** The lookup's name; when it is not there at once, a cancellable notification says what the form waits for. */
export async function awaitFunctionName(lookup: FunctionLookup): Promise<string | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const quiet = new Promise<'pending'>((resolve) => (timer = setTimeout(resolve, QUIET_MS, 'pending')));
  const first = await Promise.race([lookup.name, quiet]);
  clearTimeout(timer);
  if (first !== 'pending') return first;
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: 'Sentry: waiting for the language extension to name the function at the cursor (Cancel sends without it)',
      cancellable: true,
    },
    async (_progress, token) => {
      const onCancel = token.onCancellationRequested(() => lookup.cancel());
      try {
        return await lookup.name;
      } finally {
        onCancel.dispose();
      }
    },
  );
}
