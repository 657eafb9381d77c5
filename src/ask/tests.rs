//! The questionnaire driven by a scripted prompter.
