import type { Models } from '../adapters/db/models';
import { openTasks } from './open-tasks';

/** The items of the list, as handlers need them (a command's words resolved, a role checked). */

/** The item with `code`, or null. */
export const itemByCode = (models: Models, code: string) => models.Item.findOne({ code }).lean();

/** The bureau's units (单位名录), by name. */
export const unitNames = async (models: Models) =>
  (await models.Unit.find({}, { _id: 0, name: 1 }).lean()).map((u) => u.name);

/** The items in force, in the list's order (序号). */
export const activeItems = (models: Models) => models.Item.find({ active: true }).sort({ seq: 1 }).lean();

/** The tasks a person still has to do or to see reviewed, soonest deadline first. */
export const unfinishedTasksOf = async (models: Models, personKey: string) =>
  (await openTasks(models))
    .filter((t) => t.inspectorKeys.includes(personKey))
    .sort((a, b) => a.deadline.localeCompare(b.deadline) || a.taskNo.localeCompare(b.taskNo));
