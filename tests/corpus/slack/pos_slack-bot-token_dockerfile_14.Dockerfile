FROM python:3.12-slim
WORKDIR /app
ENV SLACK_BOT_TOKEN=xoxb-{{rand:digit:12}}-{{rand:digit:13}}-{{rand:alnum:24}}
CMD ["python", "app.py"]
