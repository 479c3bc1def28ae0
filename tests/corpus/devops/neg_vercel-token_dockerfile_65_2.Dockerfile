FROM python:3.12-slim
WORKDIR /app
ENV VERCEL_TOKEN={{ .Values.vercelToken }}
CMD ["python", "app.py"]
