/** The environment variable that names the results table of the deployed handler. */
export const RESULTS_TABLE_ENV = 'STATS_PULLER_RESULTS_TABLE';

/** The results table's partition key (S): `<store>#<date>`. */
export const RESULTS_KEY = 'store_date';
