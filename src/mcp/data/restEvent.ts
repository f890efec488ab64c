import type { StoredEvent } from '../../capture/kinds/events/storedEvent';

/**
 * An event from the REST API (`.../events/latest/`, `entries[]` shape) as the
 * event markdown reads it: its id, and the issue's last sighting as the time
 * when the event carries none (source and group do not show in the markdown).
 */
export function storedFromRest(event: Record<string, unknown>, issue: { id: string; lastSeen?: string | undefined }, now: () => number = Date.now): StoredEvent {
  const id = typeof event.eventID === 'string' ? event.eventID : typeof event.id === 'string' ? event.id : issue.id;
  const at = [event.dateCreated, issue.lastSeen].map((t) => (typeof t === 'string' ? Date.parse(t) : NaN)).find((t) => !Number.isNaN(t));
  return { id, receivedAt: at ?? now(), source: 'webhook', groupKey: issue.id, event };
}
