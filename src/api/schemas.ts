import { z } from 'zod';

/**
 * What we read from Sentry's REST API responses, following the published
 * OpenAPI description (camelCase fields). Only the fields we use are checked;
 * everything else passes through untouched so newer servers keep working.
 */

const projectRef = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  slug: z.string(),
  name: z.string().optional(),
  platform: z.string().nullish(),
});

const actor = z.looseObject({
  type: z.string().optional(),
  id: z.union([z.string(), z.number()]).transform(String),
  name: z.string().nullish(),
  email: z.string().nullish(),
});

export const issueSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  shortId: z.string(),
  title: z.string(),
  culprit: z.string().nullish(),
  permalink: z.string().nullish(),
  level: z.string().nullish(),
  status: z.string(),
  count: z.union([z.string(), z.number()]).nullish(),
  userCount: z.number().nullish(),
  firstSeen: z.string().nullish(),
  lastSeen: z.string().nullish(),
  platform: z.string().nullish(),
  type: z.string().nullish(),
  project: projectRef,
  assignedTo: actor.nullish().catch(null),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});
export type RawIssue = z.infer<typeof issueSchema>;

/** `GET /organizations/{org}/shortids/{short_id}/`: a short id (PROJ-12) resolved to its issue. */
export const shortIdSchema = z.looseObject({ groupId: z.union([z.string(), z.number()]).transform(String), group: issueSchema });

/** The answer to `PUT .../issues/{id}/`: the changed fields. */
export const issueUpdateAnswerSchema = z.looseObject({ status: z.string().optional() });

export const issueListSchema = z.array(issueSchema);

export const organizationSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  slug: z.string(),
  name: z.string(),
  links: z.looseObject({ organizationUrl: z.string().optional(), regionUrl: z.string().optional() }).optional(),
});
export type ApiOrganization = z.infer<typeof organizationSchema>;
export const organizationListSchema = z.array(organizationSchema);

export const projectSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  slug: z.string(),
  name: z.string(),
  platform: z.string().nullish(),
});
export type ApiProject = z.infer<typeof projectSchema>;
export const projectListSchema = z.array(projectSchema);

/** An event as the REST API returns it: `entries[]` with camelCase frames; read further with `viewEvent()`. */
export const eventSchema = z.looseObject({
  id: z.string(),
  eventID: z.string().optional(),
  groupID: z.string().nullish(),
  projectID: z.string().nullish(),
  title: z.string().optional(),
  platform: z.string().nullish(),
  dateCreated: z.string().nullish(),
  entries: z.array(z.unknown()).optional(),
});
export type ApiEvent = z.infer<typeof eventSchema>;

/** One row of an issue's event list (the list carries no `entries`). */
export const eventSummarySchema = z.looseObject({
  id: z.string(),
  eventID: z.string().optional(),
  title: z.string().optional(),
  dateCreated: z.string().nullish(),
  platform: z.string().nullish(),
  message: z.string().nullish(),
});
export type ApiEventSummary = z.infer<typeof eventSummarySchema>;
export const eventSummaryListSchema = z.array(eventSummarySchema);

/** `GET /api/0/auth/`: the user the token belongs to. */
export const userSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  username: z.string().nullish(),
  name: z.string().nullish(),
  email: z.string().nullish(),
});
export type ApiUser = z.infer<typeof userSchema>;

/** The body of an error answer: Sentry says why in `detail` (a string, or an object with a message). */
export const errorBodySchema = z.looseObject({
  detail: z.union([z.string(), z.looseObject({ message: z.string().optional(), code: z.string().optional() })]).optional(),
});
