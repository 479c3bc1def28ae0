FROM python:3.12-slim
WORKDIR /app
ENV LINEAR_API_KEY={{ .Values.linearApiKey }}
CMD ["python", "app.py"]
