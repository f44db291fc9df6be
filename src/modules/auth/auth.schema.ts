import { z } from 'zod';

export const SignInSchema = z.object({
  email: z.string({ error: 'Enter your email address' }).trim().min(1, 'Enter your email address').max(320),
  password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(1000),
});

export const TokenResponseSchema = z.object({ token: z.string(), expiresAt: z.string() });

export const MeSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.string(),
  organisationId: z.string(),
});
