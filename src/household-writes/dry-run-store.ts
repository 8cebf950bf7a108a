import type { Household } from '../households/entities/household.entity.js';
import { StaleVersionException } from '../households/household.exceptions.js';
import type { Command, Read, WriteStep } from './write-steps.js';

/**
 * Runs commands against households held in memory and writes nothing anywhere: the same
 * decisions as HouseholdWriter would take, for a dry run (an import being validated). Each
 * `runAll` stands alone: the commands of one run see each other's changes, the next run does
 * not (an import's rows never touch one household twice).
 * The counter and history steps are not kept; a command's reads of them answer as for a
 * household that no inspector has judged (imports are recorded by admin or staff), with no
 * photos and no clientId.
 */
export class DryRunStore {
  private nextId = -1;

  constructor(private readonly lookup: (id: number) => Household | undefined) {}

  runAll<T>(commands: readonly Command<T>[]): T[] {
    const overlay = new Map<number, Household>();
    return commands.map((command) => {
      let next = command.next();
      while (!next.done) next = command.next(this.read(next.value, overlay));
      return next.value.result({ insertedId: this.write(next.value.steps, overlay) });
    });
  }

  private household(id: number, overlay: Map<number, Household>): Household | null {
    return overlay.get(id) ?? this.lookup(id) ?? null;
  }

  private read(read: Read, overlay: Map<number, Household>): unknown {
    switch (read.kind) {
      case 'household': {
        const household = this.household(read.id, overlay);
        return household && { ...household };
      }
      case 'completion_recorder':
      case 'recorded_request':
      case 'photo':
      case 'acceptance_record':
        return null;
      case 'placeholders':
      case 'evidence_photos':
        return [];
    }
  }

  private write(steps: readonly WriteStep[], overlay: Map<number, Household>): number | null {
    let inserted: number | null = null;
    for (const step of steps) {
      if (step.kind === 'insert_household') {
        inserted = this.nextId--;
        overlay.set(inserted, { id: inserted, ...step.values });
      } else if (step.kind === 'update_household') {
        const current = this.household(step.id, overlay);
        if (!current || current.version !== step.version) {
          throw new StaleVersionException(step.id, step.version, current?.version ?? step.version + 1);
        }
        overlay.set(step.id, { ...current, ...step.set, version: current.version + 1 });
      }
    }
    return inserted;
  }
}
