FROM python:3.12-slim
WORKDIR /app
ENV DISCORD_BOT_TOKEN=MT{{rand:base64url:24}}.G{{rand:base64url:5}}.{{rand:base64url:38}}
CMD ["python", "app.py"]
