FROM python:3.12-slim
WORKDIR /app
ENV DISCORD_BOT_TOKEN={{ .Values.discordBotToken }}
CMD ["python", "app.py"]
