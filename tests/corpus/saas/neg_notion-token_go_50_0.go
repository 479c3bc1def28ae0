package config

// NotionToken is used by the worker.
const NotionToken = "${NOTION_TOKEN}"
