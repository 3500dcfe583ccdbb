// The parsed shape of MLflow search expressions, shared by the SQL compiler and the in-memory evaluator.

export type Comparator = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'LIKE' | 'ILIKE' | 'IN' | 'NOT IN' | 'IS NULL' | 'IS NOT NULL';

/**
 * Which part of an entity a clause looks at. Runs use metric / param / tag / attribute / dataset;
 * experiments and registry entities use attribute and tag only.
 */
export type SearchEntity = 'metric' | 'param' | 'tag' | 'attribute' | 'dataset';

export interface Clause {
  entity: SearchEntity;
  /** Canonical key: attribute aliases resolved (`created` → `start_time`, `run name` → `run_name`). */
  key: string;
  comparator: Comparator;
  /** number for numeric comparisons, string for string comparisons, string[] for IN / NOT IN; '' for IS [NOT] NULL. */
  value: number | string | string[];
}

export interface OrderKey {
  entity: SearchEntity;
  key: string;
  ascending: boolean;
}
