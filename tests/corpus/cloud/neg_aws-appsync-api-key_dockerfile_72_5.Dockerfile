FROM python:3.12-slim
WORKDIR /app
ENV APPSYNC_API_KEY=REPLACE_ME
CMD ["python", "app.py"]
