import type { Column } from "react-datasheet-grid";

/**
 * A spreadsheet column whose cells are named for screen readers: react-datasheet-grid's inputs have no label of their
 * own, so each gets `label(row)` (e.g. "Reach, Mon, Dec 7" or "Ads, Dec 2026").
 */
export function labelledColumn<Row, Value>(column: Column<Row, Value>, label: (row: Row) => string): Column<Row, Value> {
  const Cell = column.component!;
  return {
    ...column,
    component: (props) => (
      <div style={{ display: "contents" }} ref={(el) => el?.querySelector("input")?.setAttribute("aria-label", label(props.rowData))}>
        <Cell {...props} />
      </div>
    ),
  };
}
