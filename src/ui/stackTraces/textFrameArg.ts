import { z } from 'zod';

/**
 * The argument of `sentry.openTextFrame`, as a document link carries it in a
 * `command:` URI. Anything can put such a URI in front of a user, so it is
 * checked: only the fields of a frame, of bounded size.
 */
const text = (max: number) => z.string().min(1).max(max);
const position = z.number().int().positive().max(10_000_000);

export const textFrameArgSchema = z
  .object({
    format: z.enum(['v8', 'firefox', 'python', 'java', 'go', 'ruby', 'php', 'dotnet']),
    path: text(4096),
    lineno: position.optional(),
    colno: position.optional(),
    function: text(1024).optional(),
    module: text(1024).optional(),
    contextLine: z.string().max(4096).optional(),
    inApp: z.boolean().optional(),
  })
  .strict();

export type TextFrameArg = z.infer<typeof textFrameArgSchema>;
