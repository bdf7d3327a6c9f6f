//! What the widget shows, as data: rows, pages, details, the summary and the status of a claim. [`View`] fills
//! them in; the browser package hands them to JavaScript as they serialise (`types.d.ts` mirrors them).
//!
//! [`View`]: super::View

use serde::Serialize;

use super::Label;

/// Where a claim stands on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Status {
    /// Something remains and an open instalment's due date is before today.
    Overdue,
    /// Something remains, nothing is overdue yet.
    Due,
    /// Nothing remains.
    Paid,
    /// What remains is negative: money owed to the party.
    Credit,
}

impl Status {
    /// Its label.
    pub(super) fn label(self) -> Label {
        match self {
            Self::Overdue => Label::StatusForfalt,
            Self::Due => Label::StatusIkkeForfalt,
            Self::Paid => Label::StatusBetalt,
            Self::Credit => Label::StatusTilGode,
        }
    }
}

/// A table column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Column {
    /// A stable key, e.g. `gjenstaar`.
    pub key: &'static str,
    /// The heading in the view's language.
    pub label: &'static str,
    /// Numbers: right-aligned, tabular figures.
    pub numeric: bool,
}

/// One row of a page: formatted cells, in column order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    /// The row's position in display order (pass it to [`View::detail`]).
    pub position: usize,
    /// The item's identifier (kravidentifikator, innbetalingsidentifikator, utbetalingsidentifikator).
    pub id: String,
    /// Cell texts, one per [`Column`].
    pub cells: Vec<String>,
    /// For claims: where the claim stands.
    pub status: Option<Status>,
    /// For overdue claims: days since the earliest open due date.
    pub days_overdue: Option<i64>,
    /// For open claims: whether an instalment can be paid from here (a checked KID and account, see
    /// [`crate::pay`]).
    pub payable: bool,
}

/// Rows `start..end` of `total`, with the "Showing 50 of 5 000" text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    /// The rows.
    pub rows: Vec<Row>,
    /// First position, inclusive.
    pub start: usize,
    /// Last position, exclusive.
    pub end: usize,
    /// Number of rows in the whole view.
    pub total: usize,
    /// "Viser {end} av {total}".
    pub shown: String,
}

/// A label, a value, and what a copy button copies (when it has one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Field {
    /// What it is.
    pub label: &'static str,
    /// The value as shown.
    pub value: String,
    /// The exact text to copy (an account number without spaces, a KID), for fields worth copying.
    pub copy: Option<String>,
}

/// A small table inside a detail (placed payments, placed claims).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubTable {
    /// What the table lists.
    pub caption: &'static str,
    /// Its columns.
    pub columns: Vec<Column>,
    /// Its rows of cell texts.
    pub rows: Vec<Vec<String>>,
}

/// A part of a detail: an optional heading, fields and an optional table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Section {
    /// The heading, e.g. "Forfall 21.02.2023".
    pub title: Option<String>,
    /// For an instalment: where it stands.
    pub status: Option<Status>,
    /// Label-value pairs, only those with a value.
    pub fields: Vec<Field>,
    /// A table, when there is something to list.
    pub table: Option<SubTable>,
    /// For an open instalment that can be paid from here: the id to select it by (its kravforfallsIdentifikator).
    pub pay: Option<String>,
}

/// Everything about one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Detail {
    /// What the row is, e.g. "Restskatt".
    pub title: String,
    /// The parts.
    pub sections: Vec<Section>,
}

/// One of the totals of the open claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Total {
    /// `saldo`, `forfalt`, `ikkeForfalt`, `renter` or `uplassert`.
    pub key: &'static str,
    /// The label.
    pub label: &'static str,
    /// The formatted amount.
    pub value: String,
    /// The amount in øre.
    pub oere: i64,
}

/// One claim group of the chart: its sums and the bar lengths, in thousandths of the longest bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    /// The group, e.g. "Merverdiavgift".
    pub name: String,
    /// Formatted saldo.
    pub saldo: String,
    /// Formatted overdue sum.
    pub forfalt: String,
    /// Formatted not-yet-due sum.
    pub ikke_forfalt: String,
    /// Length of the overdue bar, 0..=1000.
    pub forfalt_bar: u16,
    /// Length of the not-yet-due bar (drawn after the overdue one), 0..=1000.
    pub ikke_forfalt_bar: u16,
    /// One sentence for assistive technology: "Skatt: saldo kr 20 400,00, forfalt kr 20 000,00, ikke forfalt kr 0,00".
    pub description: String,
}

/// The summary of open claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Saldo, overdue, not yet due, interest, unplaced payments.
    pub totals: Vec<Total>,
    /// Per claim group, largest saldo first.
    pub groups: Vec<Group>,
    /// Number of open claims.
    pub count: usize,
    /// Number of overdue claims.
    pub overdue: usize,
    /// "{overdue} av {count} krav er forfalt".
    pub overdue_text: String,
}

/// Counts for events: how many rows, how many overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    /// Rows in the view.
    pub total: usize,
    /// Overdue claims (0 for payments and payouts).
    pub overdue: usize,
}
