FROM python:3.12-slim
WORKDIR /app
ENV GOOGLE_API_KEY=AIza{{rand:base64url:35}}
CMD ["python", "app.py"]
