// The Create Issue form as a person answers it in the real VS Code: every
// step, from the template picker (open already) to the last one. A template
// with no level (the performance one) skips that step.
import type { WorkbenchPage } from './workbenchPage';

export interface CreateIssueAnswers {
  template: string;
  message: string;
  /** Absent for a template that asks no level. */
  level?: string;
  environment: string;
  platform: string;
  tags: string;
  extra: string;
}

export async function answerCreateIssue(vsc: WorkbenchPage, a: CreateIssueAnswers): Promise<void> {
  await vsc.pickQuickItem(a.template, /Create Sentry Issue: template/);
  await vsc.quickInput(a.message, /Create Sentry Issue: message/);
  if (a.level !== undefined) await vsc.pickQuickItem(a.level, /Create Sentry Issue: level/);
  await vsc.quickInput(a.environment, /Create Sentry Issue: environment/);
  await vsc.quickInput(a.platform, /Create Sentry Issue: platform/);
  await vsc.quickInput(a.tags, /Create Sentry Issue: tags/);
  await vsc.quickInput(a.extra, /Create Sentry Issue: extra/);
}
