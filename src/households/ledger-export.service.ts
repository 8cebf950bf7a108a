import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { maySeePersonalData } from '../auth/permissions.js';
import { Clock } from '../common/clock.js';
import { RenderPool } from '../exports/render-pool.js';
import { RegionsService } from '../regions/regions.service.js';
import { ledgerCsv, ledgerFileName, ledgerRow, ledgerScopeName, type LedgerExportFormat } from './ledger-export.js';
import { LedgerExportRepository, type LedgerExportRecord } from './ledger-export.repository.js';

export interface LedgerFile {
  content: Buffer;
  contentType: string;
  fileName: string;
  asciiFileName: string;
}

const CONTENT_TYPES: Record<LedgerExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * The household ledger (住户台账) of the caller's scope, or of one village in it, in the import
 * template's layout: ID-card and phone numbers as the caller's role sees them (in full for admin
 * and staff, masked for the others), placeholders left out, villages in the region tree's order
 * and households by id within each. The CSV is written here; the XLSX, which takes seconds for a
 * county, is drawn on the render pool's threads (and refused with 503 when they are busy).
 */
@Injectable()
export class LedgerExportService {
  private readonly logger = new Logger(LedgerExportService.name);

  constructor(
    private readonly repository: LedgerExportRepository,
    private readonly regions: RegionsService,
    private readonly renders: RenderPool,
    private readonly clock: Clock,
  ) {}

  async export(format: LedgerExportFormat, villageId: number | undefined, user: AuthUser): Promise<LedgerFile> {
    // A village outside the scope is a 404 (not_in_scope), as everywhere.
    if (villageId !== undefined) await this.regions.getVillage(villageId, user);
    // Turned away before the households are read when the render threads have no room.
    if (format === 'xlsx') this.renders.checkRoom(user, 'the household ledger as xlsx');

    const access = await this.regions.accessFor(user);
    const visible = access.scope.apply(access.tree);
    const exported = villageId === undefined ? visible : visible.restrictTo(new Set([villageId]));
    const villages = exported.atLevel('village');
    const records = await this.repository.households(villageId !== undefined ? [villageId] : access.scope.villageIds());

    // Villages in the tree's order (grouped by township), each one's households by id.
    const byVillage = new Map<number, LedgerExportRecord[]>(villages.map((village) => [village.id, []]));
    for (const record of records) byVillage.get(record.household.villageId)?.push(record);
    const revealPersonalData = maySeePersonalData(user.role);
    const rows = villages.flatMap((village) => {
      const names = { township: exported.ancestorAt(village.id, 'township')?.name ?? '', village: village.name };
      return byVillage.get(village.id)!.map(({ household, latest }) => ledgerRow(household, names, latest, { revealPersonalData }));
    });

    const today = this.clock.today();
    const content =
      format === 'csv'
        ? ledgerCsv(rows)
        : await this.renders.householdLedgerXlsx(
            { rows, villages: visible.atLevel('village').map((village) => village.name), generatedAt: this.clock.now() },
            user,
          );
    // A file with the numbers in full travels: who took one, of what, is kept (never the numbers).
    this.logger.log(
      {
        format,
        villageId: villageId ?? null,
        rows: rows.length,
        personalData: revealPersonalData ? 'full' : 'masked',
        userId: user.id,
        username: user.username,
        bytes: content.length,
      },
      'household ledger exported',
    );
    return {
      content,
      contentType: CONTENT_TYPES[format],
      fileName: ledgerFileName(ledgerScopeName(access.tree, exported), today, format),
      asciiFileName: `household-ledger-${villageId === undefined ? 'scope' : `village-${villageId}`}-${today}.${format}`,
    };
  }
}
