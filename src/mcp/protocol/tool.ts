import { z } from 'zod';
import type { Result } from '../../util/result';

/**
 * One tool, as the MCP server and the VS Code language-model tools offer it:
 * its input is a zod object (the JSON Schema of `tools/list` is made from it)
 * and its answer is markdown for a model to read. A wrong argument or an
 * unknown id is a failed result with a message (a tool error the model can
 * act on), never a thrown error.
 */
export interface McpTool<S extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  input: S;
  /** True when the tool only reads (every tool here today); the shell asks for confirmation otherwise. */
  readOnly: boolean;
  run(args: z.output<S>, signal?: AbortSignal): Promise<Result<string>>;
}

/** A failure from outside (the listener is not running, the REST API answered 500): it becomes a tool error with its message. */
export class ToolFailure extends Error {
  constructor(
    readonly code: 'listener-unavailable' | 'listener-error' | 'api-error' | 'not-configured',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ToolFailure';
  }
}

/** Makes a tool with its argument types inferred from its schema. */
export function defineTool<S extends z.ZodObject>(t: McpTool<S>): McpTool {
  return t as unknown as McpTool;
}

/**
 * A tool that only reads, its arguments the keys of `args` (any other key is
 * refused): the one shape every tool here is made with.
 */
export function readTool<A extends z.ZodRawShape>(t: {
  name: string;
  title: string;
  description: string;
  args: A;
  run(args: z.output<z.ZodObject<A>>, signal?: AbortSignal): Promise<Result<string>>;
}): McpTool {
  return defineTool({ name: t.name, title: t.title, description: t.description, input: z.object(t.args).strict(), readOnly: true, run: t.run });
}
