//! One integration-test binary (faster to link than one per file).

mod util;

mod architecture;
mod autotraits;
mod bad_input;
mod categories;
mod ci_examples;
mod cli;
mod cli_about;
mod corpus;
mod csv_more;
mod csv_sections;
mod dates;
mod explain;
mod formats;
mod gate;
mod golden;
mod html;
mod import;
mod inputs;
mod listings;
mod matching;
mod matrix;
mod properties;
mod regression;
mod report;
mod review;
mod rule_data;
mod rule_data_2;
mod rules;
mod sbom;
mod schemas;
mod silent_pass;
mod text_report;
mod xlsx;
