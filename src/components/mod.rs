//! The page's panels, top to bottom, and the parts they share.
pub mod causes;
pub mod demo_panel;
pub mod environment;
pub mod failure_help;
pub mod hosts;
pub mod okta_notice;
pub mod plan;
pub mod result_file;
pub mod results;
pub mod run_panel;
pub mod step_detail;
pub mod step_list;
pub mod suite_loader;
pub mod variable_input;
