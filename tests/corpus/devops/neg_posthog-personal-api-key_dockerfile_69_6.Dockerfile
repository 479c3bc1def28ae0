FROM python:3.12-slim
WORKDIR /app
ENV POSTHOG_PERSONAL_API_KEY=phx_...
CMD ["python", "app.py"]
