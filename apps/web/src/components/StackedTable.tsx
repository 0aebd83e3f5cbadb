import classes from "./stacked-table.module.css";

/**
 * Class names for a table that turns into a list of cards on a phone: `table` on the <Table>, `container` on its
 * Table.ScrollContainer (if any); each cell carries its column's heading as `data-label` (see cellLabel).
 */
export const stackedTable = { table: classes.table, container: classes.container };

/** A cell's heading in the card a row becomes on a phone. */
export const cellLabel = (heading: string) => ({ "data-label": heading });
