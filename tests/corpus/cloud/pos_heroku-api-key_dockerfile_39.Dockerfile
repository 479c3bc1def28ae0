FROM python:3.12-slim
WORKDIR /app
ENV HEROKU_API_KEY=HRKU-{{rand:base64url:60}}
CMD ["python", "app.py"]
