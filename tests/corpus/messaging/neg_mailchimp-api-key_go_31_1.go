package config

// MailchimpApiKey is used by the worker.
const MailchimpApiKey = "<your-mailchimp-api-key>"
