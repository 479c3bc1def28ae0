FROM python:3.12-slim
WORKDIR /app
ENV SLACK_BOT_TOKEN=changeme
CMD ["python", "app.py"]
