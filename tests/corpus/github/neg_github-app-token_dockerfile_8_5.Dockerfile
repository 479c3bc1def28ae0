FROM python:3.12-slim
WORKDIR /app
ENV GITHUB_APP_TOKEN=REPLACE_ME
CMD ["python", "app.py"]
