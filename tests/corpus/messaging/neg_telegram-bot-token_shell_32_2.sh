#!/bin/sh
set -eu
export TELEGRAM_BOT_TOKEN="{{ .Values.telegramBotToken }}"
./deploy.sh "$@"
