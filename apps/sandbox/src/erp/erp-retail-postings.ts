import { Injectable } from '@nestjs/common';
import { SandboxClock } from '../sandbox-clock';
import { BackendTraffic } from '../traffic/backend-traffic';
import { readVendorBody } from '../vendor-body';
import { mintUniqueId, randomDigits } from '../vendor-ids';
import { RetailerWorld } from '../world/retailer-world';
import {
  RetailDocumentDraft,
  type RetailDocumentItemDraft,
  type RetailDocumentType,
} from './erp-posting.dto';
import { filterValues, odataDate } from './odata';
import { odataError } from './odata-error';

/** A posted retail document as `GET A_RetailDocument` returns it. */
export interface RetailDocumentEntity {
  RetailDocument: string;
  ExternalReference: string;
  DocumentType: RetailDocumentType;
  Plant: string;
  Currency: string;
  DocumentDate: string;
  CreatedAt: string;
  Items: { results: RetailDocumentItemDraft[] };
  /** The document this one consumes or reverses, by its external reference. */
  ReferenceDocument?: string;
}

/** The instant of `DocumentDate <op> datetime'2026-11-30T00:00:00'` in a $filter (UTC), if the filter has one. */
function dateBound(filter: string, op: 'ge' | 'lt'): number | undefined {
  const match = new RegExp(`\\bDocumentDate\\s+${op}\\s+datetime'([0-9T:-]+)'`).exec(filter);
  if (!match) return undefined;
  const at = Date.parse(`${match[1]}Z`);
  return Number.isNaN(at) ? undefined : at;
}

function invalid(problems: string[]) {
  return odataError(400, 'ZRTL/001', problems.join('; '));
}

/**
 * The ERP's retail posting service: sales, demands, credit memos and points liability. Postings
 * are financial documents only; they do not move the shared stock (the OMS and POS do that).
 */
@Injectable()
export class ErpRetailPostings {
  private byExternalReference = new Map<string, RetailDocumentEntity>();
  private documentNumbers = new Set<string>();

  constructor(
    private readonly world: RetailerWorld,
    private readonly clock: SandboxClock,
    private readonly traffic: BackendTraffic,
  ) {}

  post(body: unknown) {
    const draft = readVendorBody(RetailDocumentDraft, body, invalid);
    const existing = this.byExternalReference.get(draft.ExternalReference);
    if (existing) {
      throw odataError(
        400,
        'ZRTL/017',
        `Document with external reference ${draft.ExternalReference} already exists as ${existing.RetailDocument}`,
        { existingDocument: existing.RetailDocument },
      );
    }
    if (this.traffic.refuseDocument())
      throw invalid([`Document ${draft.ExternalReference} fails the ERP's checks`]);
    this.checkMasterData(draft);
    const number = mintUniqueId(this.documentNumbers, () => `90${randomDigits(8)}`);
    const document: RetailDocumentEntity = {
      RetailDocument: number,
      ExternalReference: draft.ExternalReference,
      DocumentType: draft.DocumentType,
      Plant: draft.Plant,
      Currency: draft.Currency,
      DocumentDate: draft.DocumentDate,
      CreatedAt: odataDate(this.clock.now()),
      Items: {
        results: draft.Items.map(({ Material, Quantity, NetAmount }) => ({ Material, Quantity, NetAmount })),
      },
      ...(draft.ReferenceDocument && { ReferenceDocument: draft.ReferenceDocument }),
    };
    this.documentNumbers.add(number);
    // The loseDocuments fault: the ERP answers as if it booked the document, and keeps nothing.
    if (!this.traffic.loseDocument()) this.byExternalReference.set(draft.ExternalReference, document);
    const { RetailDocument, ExternalReference, DocumentType, Plant, CreatedAt } = document;
    return { d: { RetailDocument, ExternalReference, DocumentType, Plant, CreatedAt } };
  }

  /**
   * Documents matching `ExternalReference eq '...'` (one or several, OR-ed), or a plant's documents
   * dated in a range: `Plant eq 'ST-6930' and DocumentDate ge datetime'2026-11-30T00:00:00' and
   * DocumentDate lt datetime'2026-12-01T00:00:00'`.
   */
  find(filter: string | undefined): { d: { results: RetailDocumentEntity[] } } {
    const references = filterValues(filter ?? '', 'ExternalReference');
    if (references.length > 0) {
      return { d: { results: references.flatMap((ref) => this.byExternalReference.get(ref) ?? []) } };
    }
    const [plant] = filterValues(filter ?? '', 'Plant');
    const from = dateBound(filter ?? '', 'ge');
    const to = dateBound(filter ?? '', 'lt');
    if (plant === undefined || from === undefined || to === undefined) {
      throw odataError(
        400,
        '/IWBEP/CM_MGW_RT/022',
        "$filter must name an ExternalReference (ExternalReference eq '...') or a Plant and a DocumentDate range (ge, lt)",
      );
    }
    const results = [...this.byExternalReference.values()].filter((document) => {
      const dated = Number(/\d+/.exec(document.DocumentDate)![0]);
      return document.Plant === plant && dated >= from && dated < to;
    });
    return { d: { results } };
  }

  reset(): void {
    this.byExternalReference = new Map();
    this.documentNumbers = new Set();
  }

  // Points liability is booked against a G/L pseudo-material, so only goods documents name real ones.
  private checkMasterData(draft: RetailDocumentDraft): void {
    const problems: string[] = [];
    if (!this.world.store(draft.Plant)) problems.push(`Plant ${draft.Plant} does not exist`);
    if (draft.DocumentType !== 'POINTS_LIABILITY') {
      if (draft.Items.length === 0) problems.push(`A ${draft.DocumentType} document needs at least one item`);
      for (const item of draft.Items) {
        if (!this.world.product(item.Material)) problems.push(`Material ${item.Material} does not exist`);
      }
    }
    if (problems.length > 0) throw invalid(problems);
  }
}
