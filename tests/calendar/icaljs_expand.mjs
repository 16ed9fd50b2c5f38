// Expand iCalendar feeds with Mozilla's ical.js (Thunderbird's parser).
// Usage: node icaljs_expand.mjs UNTIL(YYYY-MM-DD) FILE.ics…
// Prints JSON {file: {uid: [YYYY-MM-DD, …]}}; exits 1 on a parse error or a bad event.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const LIMIT = 5000; // occurrences per event: more means a runaway rule

function expand(event, until) {
  const dates = [];
  const iterator = event.iterator();
  for (let next = iterator.next(); next; next = iterator.next()) {
    if (next.compare(until) > 0) break;
    if (!next.isDate) throw new Error(`${event.uid}: occurrence ${next} is not a DATE`);
    dates.push(next.toString());
    if (dates.length > LIMIT) throw new Error(`${event.uid}: more than ${LIMIT} occurrences`);
  }
  return dates;
}

function feed(path, until) {
  const root = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  if (root.name !== "vcalendar") throw new Error(`${path}: not a VCALENDAR`);
  const result = {};
  for (const component of root.getAllSubcomponents("vevent")) {
    const event = new ICAL.Event(component);
    if (!event.uid) throw new Error(`${path}: VEVENT without UID`);
    if (event.uid in result) throw new Error(`${path}: duplicate UID ${event.uid}`);
    const end = component.getFirstPropertyValue("dtend");
    if (!event.startDate.isDate || !end || !end.isDate) throw new Error(`${event.uid}: not an all-day event`);
    result[event.uid] = expand(event, until);
  }
  return result;
}

const [until, ...files] = process.argv.slice(2);
if (!until || files.length === 0) {
  console.error("usage: node icaljs_expand.mjs YYYY-MM-DD FILE.ics…");
  process.exit(2);
}
try {
  const limit = ICAL.Time.fromDateString(until);
  const out = {};
  for (const path of files) out[path] = feed(path, limit);
  process.stdout.write(JSON.stringify(out));
} catch (error) {
  console.error(`ical.js: ${error.message || error}`);
  process.exit(1);
}
