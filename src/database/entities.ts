import { HouseholdEdit } from '../households/entities/household-edit.entity.js';
import { Household } from '../households/entities/household.entity.js';
import { LedgerImport } from '../imports/entities/ledger-import.entity.js';
import { Photo } from '../photos/entities/photo.entity.js';
import { RecordedRequest } from '../repairs/entities/recorded-request.entity.js';
import { RegionAlias } from '../regions/entities/region-alias.entity.js';
import { Region } from '../regions/entities/region.entity.js';
import { StatusChange } from '../repairs/entities/status-change.entity.js';
import { ReportRemark } from '../reports/entities/report-remark.entity.js';
import { UserScope } from '../users/entities/user-scope.entity.js';
import { User } from '../users/entities/user.entity.js';

/** Every entity the tracker maps, listed once for the Nest module and the CLI alike. */
export const ENTITIES = [
  Region,
  RegionAlias,
  Household,
  HouseholdEdit,
  StatusChange,
  ReportRemark,
  User,
  UserScope,
  LedgerImport,
  Photo,
  RecordedRequest,
];
